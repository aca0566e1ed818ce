import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '../../common/discovered-providers.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { McpPipelineStep } from './mcp-pipeline-step.decorator.js';
import type { McpStep } from './mcp-step.interface.js';

/**
 * The steps of `POST /mcp` in one ordered list, assembled at boot from every `@McpPipelineStep`
 * provider, built-in or a team's. The last link calls the handler the `Method` step resolved.
 */
@Injectable()
export class McpPipeline implements OnModuleInit {
  private steps: readonly McpStep[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = discoverProviders(this.discovery, McpPipelineStep).map(
      ({ wrapper, options }) => {
        const step = wrapper.instance as McpStep | undefined;
        if (!wrapper.isDependencyTreeStatic() || !step) {
          throw new Error(
            `MCP pipeline step ${wrapper.name} must be a singleton provider`,
          );
        }
        if (
          typeof step.check !== 'function' &&
          typeof step.intercept !== 'function'
        ) {
          throw new Error(
            `MCP pipeline step ${wrapper.name} implements neither check() nor intercept()`,
          );
        }
        if (!Number.isFinite(options.order)) {
          throw new Error(
            `MCP pipeline step ${wrapper.name} needs a numeric order`,
          );
        }
        return { step, order: options.order };
      },
    );
    // Stable sort: steps with the same order keep discovery (module) order.
    this.steps = found
      .filter(({ step }) => step.enabled !== false)
      .sort((a, b) => a.order - b.order)
      .map(({ step }) => step);
  }

  /** The assembled steps, outermost first (for diagnostics and tests). */
  list(): readonly McpStep[] {
    return this.steps;
  }

  /** Runs `ctx` through every step, then its method's handler. */
  async run(ctx: McpRequestContext): Promise<McpResult> {
    // async: a check that throws synchronously still ends as a rejected promise.
    return this.from(0, ctx);
  }

  private from(start: number, ctx: McpRequestContext): Promise<McpResult> {
    const steps = this.steps;
    for (let i = start; i < steps.length; i++) {
      const step = steps[i];
      if (step.intercept)
        return step.intercept(ctx, () => this.from(i + 1, ctx));
      const pending = step.check!(ctx);
      if (pending) return pending.then(() => this.from(i + 1, ctx));
    }
    return invoke(ctx);
  }
}

async function invoke(ctx: McpRequestContext): Promise<McpResult> {
  const method = ctx.target;
  if (!method) throw new Error('MCP pipeline reached its end without a method');
  return method.handler(ctx.message.params, ctx);
}
