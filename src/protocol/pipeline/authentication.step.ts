import { Inject, Injectable, Optional } from '@nestjs/common';
import { ActiveAuthenticator } from '../auth/active-authenticator.js';
import type { McpAuthenticator } from '../auth/mcp-authenticator.interface.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { McpPipelineStep } from './mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from './mcp-step.interface.js';

/**
 * Establishes the caller with the active `McpAuthenticator`, before the body is read: an anonymous
 * caller costs no parsing. Left out of the pipeline when no authenticator is configured.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Authentication })
export class AuthenticationStep implements McpStep {
  readonly enabled: boolean;

  constructor(
    @Optional()
    @Inject(ActiveAuthenticator)
    private readonly authenticator?: McpAuthenticator | null,
  ) {
    this.enabled = !!authenticator;
  }

  async check(ctx: McpRequestContext): Promise<void> {
    ctx.principal = await this.authenticator!.authenticate(ctx.req);
  }
}
