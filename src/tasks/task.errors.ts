import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-code.js';
import { TASKS_EXTENSION } from './task.types.js';

/** -32021 (HTTP 400): the request did not declare the tasks extension (SEP-2663, SEP-2575). */
export function tasksCapabilityMissing(why: string): JsonRpcError {
  return new JsonRpcError(
    JsonRpcErrorCode.MissingRequiredClientCapability,
    `Missing required client capability: extensions["${TASKS_EXTENSION}"] (${why})`,
    { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
  );
}

/**
 * -32602 for an id that names no task this caller may see: unknown, expired, malformed, or
 * another caller's (SEP-2663: never reveal that it exists).
 */
export function taskNotFound(): JsonRpcError {
  return JsonRpcError.invalidParams(
    'Invalid params: unknown or expired taskId',
  );
}

/**
 * The task store cannot be reached (Redis away): -32603 with HTTP 503 and `retryable`, so a
 * client polls again shortly; nothing was changed.
 */
export function taskStoreUnavailable(): JsonRpcError {
  return new JsonRpcError(
    JsonRpcErrorCode.InternalError,
    'The task store is unavailable right now; nothing was changed. Retry in a few seconds.',
    { retryable: true },
    503,
  );
}

/** This instance runs `TASKS_MAX_ACTIVE` tasks already, or is shutting down: retry shortly. */
export function tooManyTasks(): JsonRpcError {
  return new JsonRpcError(
    JsonRpcErrorCode.InternalError,
    'This server cannot start another task right now (at capacity or shutting down); retry in a few seconds.',
    { retryable: true },
    503,
  );
}
