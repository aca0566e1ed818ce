import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-code.js';
import { ServerBusyError } from '../protocol/json-rpc/server-busy.error.js';
import {
  TASKS_EXTENSION,
  type TaskErrorObject,
  type TaskOutcome,
} from './task.types.js';

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
 * The task store cannot be reached (Redis away): the busy answer (503, `Retry-After`, retryable),
 * so a client polls again shortly; nothing was changed.
 */
export function taskStoreUnavailable(): ServerBusyError {
  return new ServerBusyError(
    'The task store is unavailable right now; nothing was changed. Retry in a few seconds.',
    { reason: 'task-store', retryAfterMs: 2000 },
  );
}

/**
 * No room for another task right now: the queue holds `TASKS_MAX_QUEUED` tasks waiting to start,
 * or (without Redis) this instance runs `TASKS_MAX_ACTIVE` tasks or is shutting down.
 */
export function tooManyTasks(): ServerBusyError {
  return new ServerBusyError(
    'This server cannot start another task right now (at capacity or shutting down); retry in a few seconds.',
    { reason: 'task-queue', retryAfterMs: 2000 },
  );
}

/** The caller has `TASKS_MAX_PER_CALLER` live tasks already: 429, retry once one ends. */
export function tooManyTasksForCaller(limit: number): ServerBusyError {
  return new ServerBusyError(
    `You have ${limit} tasks that have not finished; retry once one has.`,
    {
      reason: 'tasks-per-caller',
      scope: 'caller',
      retryAfterMs: 2000,
      data: { limit },
    },
  );
}

/** The task's arguments and creating input are larger than `TASKS_MAX_PAYLOAD_BYTES`. */
export function taskPayloadTooLarge(limit: number): JsonRpcError {
  return JsonRpcError.invalidRequestParams(
    `Invalid params: a task's arguments and input may take at most ${limit} bytes of JSON`,
  );
}

/**
 * The outcome of a task the server ends (not its tool): `failed` with `error`, and its message as
 * the `statusMessage` too, so a client that shows only that reads why.
 */
export function serverFailure(error: TaskErrorObject): TaskOutcome {
  return { status: 'failed', error, statusMessage: error.message };
}

const internal = (message: string): TaskErrorObject => ({
  code: JsonRpcErrorCode.InternalError,
  message,
});

/** Why a task failed when the server, not its tool, ended it (-32603; SEP-2663 "failed"). */
export const TaskFailures = {
  /** An unexpected exception in the run. */
  unexpected: internal('The task failed unexpectedly. Start it again later.'),
  /** Shutting down, and the tool cannot resume elsewhere (`rerun: 'never'`), or no one can. */
  shutdown: internal(
    'The server instance running this task shut down before it finished, and this task cannot be continued elsewhere. Start the task again.',
  ),
  /** A `never` tool's task would have run a second time. */
  rerunRefused: (tool: string): TaskErrorObject =>
    internal(
      `The server instance running this task stopped before it finished, and tool ${tool} does not run twice. Start the task again if that is safe.`,
    ),
  /** A resumable task was lost `attempts` times. */
  attemptsExhausted: (attempts: number): TaskErrorObject =>
    internal(
      `The task was stopped by the loss of its server instance ${attempts} times; it is not run again. Start the task again later.`,
    ),
  /** The job behind a working task is gone (never queued, or failed by the job engine). */
  jobLost: internal(
    'The task could not be scheduled or its job was lost. Start the task again.',
  ),
  /** The tool is not offered by this release any more. */
  unknownTool: (tool: string): TaskErrorObject =>
    internal(`Tool ${tool} is not available any more. Start the task again.`),
} as const;

/** What a task says while it waits for another instance to pick it up (hand-over on shutdown). */
export const HANDED_OVER =
  'Handed over: the instance running it is shutting down; another instance continues from its last checkpoint.';
