import { HttpException } from '@nestjs/common';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import type { McpTarget } from './mcp-execution-context.js';
import { NEST_GUARD_DENIAL } from './nest-internals.adapter.js';

/**
 * The protocol error for a Nest `HttpException` with a 4xx status thrown around a handler (a guard
 * that returned false or threw `ForbiddenException`, an interceptor's `BadRequestException`): a
 * JSON-RPC error with that HTTP status and a message the client can show. Undefined for anything
 * else, which stays in the handler's own error lane (masked).
 */
export function denialOf(
  err: unknown,
  target: McpTarget,
): JsonRpcError | undefined {
  if (!(err instanceof HttpException)) return undefined;
  const status = err.getStatus();
  if (status < 400 || status >= 500) return undefined;
  const reasons = reasonsOf(err.getResponse());
  const message =
    status === 403 && err.message === NEST_GUARD_DENIAL
      ? `Forbidden: you may not use ${target.kind} ${target.name}`
      : reasons
        ? `${err.message}: ${reasons.join('; ')}`
        : err.message;
  return new JsonRpcError(
    JsonRpcErrorCode.InvalidRequest,
    message,
    undefined,
    status,
  );
}

/**
 * The list of reasons an exception's response body carries, as Nest's `ValidationPipe` puts its
 * violations in `message` (sent to HTTP clients as they are); undefined when it has none.
 */
function reasonsOf(response: unknown): string[] | undefined {
  const message = (response as { message?: unknown } | null)?.message;
  return Array.isArray(message) &&
    message.length > 0 &&
    message.every((m) => typeof m === 'string')
    ? message
    : undefined;
}
