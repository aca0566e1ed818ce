import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { listResult } from '../protocol/dispatch/list-result.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import { PromptRenderer } from './prompt.renderer.js';
import { PromptRegistry } from './prompt.registry.js';

/**
 * Registers `prompts/list` and `prompts/get` and the `prompts` capability, only when a prompt is
 * registered: a server without prompts answers -32601.
 */
@Injectable()
export class PromptsMethods implements OnApplicationBootstrap {
  constructor(
    private readonly methods: McpMethodRegistry,
    private readonly registry: PromptRegistry,
    private readonly renderer: PromptRenderer,
    private readonly settings: ProtocolSettings,
  ) {}

  // After every module's onModuleInit: the registry has discovered everything by then.
  onApplicationBootstrap(): void {
    if (this.registry.isEmpty) return;
    // Changes published on the ListChangeBus (by a dynamic prompt source) reach listen streams.
    this.methods.declareCapability('prompts', { listChanged: true });
    this.methods.register('prompts/list', (params, ctx) =>
      listResult(
        'prompts',
        this.registry.visible.for(ctx.principal),
        params.cursor,
        this.settings,
        this.registry.visible.restricted,
      ),
    );
    this.methods.register('prompts/get', (params, ctx) =>
      this.renderer.get(params, ctx),
    );
  }
}
