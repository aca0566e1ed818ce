import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { HEADER } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { quote } from '../json-rpc/quote.js';
import { headerValue } from './header-value.js';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from '../pipeline/mcp-step.interface.js';

/**
 * The body field `Mcp-Name` mirrors, per method
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#standard-request-headers).
 * A Map, not an object literal: the method is client input, and `constructor` or `__proto__` must
 * not find anything.
 */
const NAME_FIELD: ReadonlyMap<string, string> = new Map([
  ['tools/call', 'name'],
  ['prompts/get', 'name'],
  ['resources/read', 'uri'],
  // The tasks extension routes by task (SEP-2663, "Request headers").
  ['tasks/get', 'taskId'],
  ['tasks/update', 'taskId'],
  ['tasks/cancel', 'taskId'],
]);

/**
 * SEP-2243 routing headers must agree with the body. A present header that disagrees is -32020 in
 * every mode; a missing one is accepted in lenient mode (the default, for clients that predate the
 * headers) and refused in strict mode (`MCP_STRICT_HEADERS=1`). Values are case-sensitive.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Headers })
export class HeaderGuard implements McpStep {
  constructor(private readonly settings: ProtocolSettings) {}

  check(ctx: McpRequestContext): void {
    const { headers, message } = ctx;
    const required = this.settings.strict && ctx.era === 'modern';
    if (ctx.era === 'modern') {
      // Header/body consistency comes before version support: a header that disagrees with the body
      // is -32020 even for a version we do not serve, not -32022
      // (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#protocol-version-header).
      compare(
        headerValue(headers, HEADER.protocolVersion),
        ctx.protocolVersion,
        'MCP-Protocol-Version',
        required,
      );
    }
    compare(
      headerValue(headers, HEADER.method),
      message.method,
      'Mcp-Method',
      required,
    );
    const field = NAME_FIELD.get(message.method);
    if (field !== undefined) {
      compare(
        headerValue(headers, HEADER.name, true),
        message.params[field],
        'Mcp-Name',
        required,
      );
    }
  }
}

/** @throws JsonRpcError -32020 when the header disagrees with the body, or is missing but required. */
export function compare(
  header: string | null | undefined,
  body: unknown,
  name: string,
  required: boolean,
): void {
  if (header === undefined) {
    if (required)
      throw JsonRpcError.headerMismatch(
        `Header mismatch: required header ${name} is missing`,
      );
    return;
  }
  if (header === null)
    throw JsonRpcError.headerMismatch(
      `Header mismatch: ${name} has an invalid base64 value`,
    );
  if (header !== body) {
    throw JsonRpcError.headerMismatch(
      `Header mismatch: ${name} header value '${quote(header)}' does not match body value '${quote(body)}'`,
    );
  }
}
