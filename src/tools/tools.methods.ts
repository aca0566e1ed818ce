import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { McpPrincipal } from '../protocol/auth/mcp-authenticator.interface.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import { listResult } from '../protocol/dispatch/list-result.js';
import type {
  JsonObject,
  McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import { ToolInvoker } from './tool.invoker.js';
import { ToolRegistry } from './tool.registry.js';

/** Registers `tools/list` and `tools/call` with the protocol layer, and the `tools` capability. */
@Injectable()
export class ToolsMethods implements OnModuleInit {
  constructor(
    private readonly methods: McpMethodRegistry,
    private readonly registry: ToolRegistry,
    private readonly invoker: ToolInvoker,
    private readonly settings: ProtocolSettings,
  ) {}

  onModuleInit(): void {
    // Changes published on the ListChangeBus (by a dynamic tool source) reach listen streams.
    this.methods.declareCapability('tools', { listChanged: true });
    this.methods.register('tools/list', (params, ctx) =>
      this.list(params, ctx.principal),
    );
    this.methods.register(
      'tools/call',
      (params, ctx) => this.invoker.call(params, ctx),
      {
        paramHeaders: (params) =>
          typeof params.name === 'string'
            ? this.registry.get(params.name)?.paramHeaders
            : undefined,
      },
    );
  }

  list(params: JsonObject, principal?: McpPrincipal): McpResult {
    return listResult(
      'tools',
      this.registry.visible.for(principal),
      params.cursor,
      this.settings,
      this.registry.visible.restricted,
    );
  }
}
