import { Inject, Injectable } from '@nestjs/common';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import {
  type McpNext,
  type McpStep,
  McpStepOrder,
} from '../pipeline/mcp-step.interface.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { isJsonObject, type McpResult } from '../json-rpc/json-rpc.types.js';
import { MODERN_PROTOCOL_VERSION } from '../protocol.constants.js';
import { InputRequired } from './input-required.js';
import { RequestStateCodec, RequestStateError } from './request-state.codec.js';

/**
 * Methods that may answer `input_required` (SEP-2322;
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr#supported-requests).
 */
const MRTR_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);
/** The client capability each input request needs. */
const CAPABILITY: Readonly<Record<string, string>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

/**
 * Multi round-trip requests (MRTR, SEP-2322). On the way in it validates a retry's `inputResponses`
 * and opens its `requestState` (attacker-controlled: verified, never trusted); on the way out it
 * turns a handler's `InputRequired` into the wire result, refusing with -32021 any input request
 * for a capability the client did not declare
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta). Legacy-era calls that need
 * input are refused (-32600, HTTP 400): that era has no MRTR.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.InputRequired })
export class InputRequiredInterceptor implements McpStep {
  constructor(
    @Inject(RequestStateCodec) private readonly codec: RequestStateCodec,
  ) {}

  async intercept(ctx: McpRequestContext, next: McpNext): Promise<McpResult> {
    if (!MRTR_METHODS.has(ctx.method)) return next();
    this.openRetry(ctx);
    const result = (await next()) as McpResult | InputRequired;
    if (!(result instanceof InputRequired)) return result;
    if (ctx.era === 'legacy') throw legacyRefusal(ctx.method, result);
    const missing = missingCapabilities(result, ctx.clientCapabilities);
    if (missing) {
      throw new JsonRpcError(
        JsonRpcErrorCode.MissingRequiredClientCapability,
        `Missing required client capability: ${Object.keys(missing).join(', ')}`,
        { requiredCapabilities: missing },
      );
    }
    const wire: McpResult = { resultType: 'input_required' };
    if (result.inputRequests) wire.inputRequests = result.inputRequests;
    if (result.state !== undefined || !result.inputRequests)
      wire.requestState = this.codec.seal(result.state, bindingOf(ctx));
    return wire;
  }

  private openRetry(ctx: McpRequestContext): void {
    const { inputResponses, requestState } = ctx.message.params;
    if (inputResponses !== undefined) {
      if (
        !isJsonObject(inputResponses) ||
        !Object.values(inputResponses).every(isJsonObject)
      ) {
        throw JsonRpcError.invalidParams(
          'Invalid params: inputResponses must map keys to response objects',
        );
      }
      ctx.inputResponses = inputResponses;
    }
    if (requestState !== undefined) {
      try {
        ctx.requestState = this.codec.open(requestState, bindingOf(ctx));
      } catch (err) {
        if (!(err instanceof RequestStateError)) throw err;
        throw JsonRpcError.invalidParams(
          'Invalid params: requestState failed verification; start the request again',
        );
      }
    }
  }
}

/**
 * requestState is bound to the call it belongs to, and to the authenticated caller if any, so it
 * cannot be replayed into another call or by another caller.
 */
function bindingOf(ctx: McpRequestContext): string {
  const { name, uri } = ctx.message.params;
  const target =
    typeof name === 'string' ? name : typeof uri === 'string' ? uri : '';
  return `${ctx.method}\u0000${target}\u0000${ctx.principal?.subject ?? ''}`;
}

/**
 * A 2025-11-25 client cannot read an `input_required` result, and the server-to-client requests
 * that era used instead need the reply to reach the instance holding the call, which a stateless
 * deployment cannot promise. So the call fails clearly instead (2026-07-28 only).
 */
function legacyRefusal(method: string, result: InputRequired): JsonRpcError {
  const needs = [
    ...new Set(Object.values(result.inputRequests ?? {}).map((r) => r.method)),
  ];
  return new JsonRpcError(
    JsonRpcErrorCode.InvalidRequest,
    `This ${method} needs input from the client${needs.length ? ` (${needs.join(', ')})` : ''}, which this stateless ` +
      `server can only ask for under protocol ${MODERN_PROTOCOL_VERSION}: use a client that speaks it`,
    { requiredProtocolVersion: MODERN_PROTOCOL_VERSION, inputRequests: needs },
    400,
  );
}

function missingCapabilities(
  result: InputRequired,
  declared: Readonly<Record<string, unknown>>,
) {
  let missing: Record<string, object> | undefined;
  for (const request of Object.values(result.inputRequests ?? {})) {
    const capability = CAPABILITY[request.method];
    if (capability && !isJsonObject(declared[capability]))
      (missing ??= {})[capability] = {};
  }
  return missing;
}
