import { Injectable } from '@nestjs/common';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from '../pipeline/mcp-step.interface.js';
import type { ParamHeader } from '../dispatch/mcp-method.interface.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { isJsonObject } from '../json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { quote } from '../json-rpc/quote.js';
import { headerValue } from './header-value.js';

/**
 * `Mcp-Param-*` headers mirror the arguments whose schema carries `x-mcp-header` (SEP-2243), so
 * gateways can route on them. Same rule as the standard headers: a disagreement is -32020 in every
 * mode, a missing header only in strict mode. Integers compare numerically, booleans as `true`/`false`.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.ParamHeaders })
export class ParamHeaderGuard implements McpStep {
  constructor(private readonly settings: ProtocolSettings) {}

  check(ctx: McpRequestContext): void {
    const wanted = ctx.target?.paramHeaders?.(ctx.message.params);
    if (!wanted || wanted.length === 0) return;
    const args = isJsonObject(ctx.message.params.arguments)
      ? ctx.message.params.arguments
      : {};
    const required = this.settings.strict && ctx.era === 'modern';
    for (const param of wanted)
      this.checkOne(ctx, param, args[param.argument], required);
  }

  private checkOne(
    ctx: McpRequestContext,
    param: ParamHeader,
    arg: unknown,
    required: boolean,
  ): void {
    const header = headerValue(ctx.headers, param.header, true);
    const name = `Mcp-Param-${param.header.slice('mcp-param-'.length)}`;
    if (arg === undefined || arg === null) {
      if (header !== undefined) {
        throw JsonRpcError.headerMismatch(
          `Header mismatch: ${name} is present but argument ${param.argument} is not`,
        );
      }
      return;
    }
    if (header === undefined) {
      if (required)
        throw JsonRpcError.headerMismatch(
          `Header mismatch: required header ${name} is missing`,
        );
      return;
    }
    if (header === null || !matches(header, arg, param.type)) {
      throw JsonRpcError.headerMismatch(
        `Header mismatch: ${name} header value '${quote(header ?? '')}' does not match argument value '${quote(arg)}'`,
      );
    }
  }
}

function matches(
  header: string,
  arg: unknown,
  type: ParamHeader['type'],
): boolean {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(header) && Number(header) === arg;
    case 'boolean':
      return header === String(arg);
    default:
      return header === arg;
  }
}
