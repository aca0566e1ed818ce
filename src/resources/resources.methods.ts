import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { listResult } from '../protocol/dispatch/list-result.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import type {
  JsonObject,
  McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import { ResourceReader } from './resource.reader.js';
import { ResourceRegistry } from './resource.registry.js';

/**
 * Registers `resources/list`, `resources/templates/list` and `resources/read` and the `resources`
 * capability, only when something is registered: a server without resources answers -32601.
 */
@Injectable()
export class ResourcesMethods implements OnApplicationBootstrap {
  constructor(
    private readonly methods: McpMethodRegistry,
    private readonly registry: ResourceRegistry,
    private readonly reader: ResourceReader,
    private readonly settings: ProtocolSettings,
  ) {}

  // After every module's onModuleInit: the registry has discovered everything by then.
  onApplicationBootstrap(): void {
    if (this.registry.isEmpty) return;
    // listChanged: a dynamic source announces changes on the ListChangeBus. No `subscribe`: no
    // resource here reports updates to its contents.
    this.methods.declareCapability('resources', { listChanged: true });
    this.methods.register('resources/list', (params, ctx) =>
      this.list(params, ctx),
    );
    this.methods.register('resources/templates/list', (params, ctx) =>
      listResult(
        'resourceTemplates',
        this.registry.listTemplates(ctx),
        params.cursor,
        this.settings,
        this.registry.restricted,
      ),
    );
    this.methods.register('resources/read', (params, ctx) =>
      this.reader.read(params, ctx),
    );
  }

  async list(params: JsonObject, ctx: McpCallContext): Promise<McpResult> {
    return listResult(
      'resources',
      await this.registry.list(ctx),
      params.cursor,
      this.settings,
      this.registry.restricted,
    );
  }
}
