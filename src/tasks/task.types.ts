import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type { InputRequest } from '../protocol/mrtr/input-required.js';

/** The extension's identifier in capabilities (SEP-2663). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** `working` ⇄ `input_required` → `completed` | `failed` | `cancelled` (SEP-2663, "Task status"). */
export type TaskStatus =
  'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** True for the statuses a task never leaves. */
export function isTerminal(status: TaskStatus): boolean {
  return (
    status === 'completed' || status === 'failed' || status === 'cancelled'
  );
}

export type { TaskRerun } from '../tools/tool-options.interface.js';
import type { TaskRerun } from '../tools/tool-options.interface.js';

/** A JSON-RPC error object, as a failed task carries it. */
export interface TaskErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** The creating request's span, kept as plain JSON so a run anywhere can link to it. */
export interface TaskSpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}

/** The creating request, as far as the task's tool needs it once that request is gone. */
export interface TaskRequestSnapshot extends Pick<
  McpCallContext,
  | 'requestId'
  | 'protocolVersion'
  | 'clientCapabilities'
  | 'clientInfo'
  | 'principal'
  | 'traceId'
> {
  /** The creating request's span, which every run's span links to. */
  readonly spanContext?: TaskSpanLink;
}

/** What a task was created for: kept with it, so any instance can run it. */
export interface TaskOrigin {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** The creating request (SEP-2663: its client capabilities are stored with the task). */
  readonly request: TaskRequestSnapshot;
}

/** A new task, as the creating request hands it to the store. */
export interface NewTask {
  readonly taskId: string;
  /** The authenticated caller's subject, '' without authentication. */
  readonly caller: string;
  readonly createdAt: number;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly origin: TaskOrigin;
  /** The creating request's MRTR answers (SEP-2322), which the first run sees. */
  readonly inputResponses?: Readonly<Record<string, unknown>>;
  /** The creating request's verified MRTR `requestState`. */
  readonly requestState?: unknown;
}

/** A task as stored. Times are epoch milliseconds; the wire shows them as ISO 8601. */
export interface TaskRecord {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly caller: string;
  /** The process that started the latest run; '' before the first. */
  readonly owner: string;
  /** Runs started so far, not counting continuations after answered input. */
  readonly attempt: number;
  /** The current run's fencing token (internal: never on the wire). */
  readonly fence: number;
  /** A re-run after a loss waits until then, epoch ms (internal). */
  readonly retryAt?: number;
  /** Outstanding input requests (status `input_required`). */
  readonly inputRequests?: Readonly<Record<string, InputRequest>>;
  /** The `CallToolResult` of a completed task. */
  readonly result?: Readonly<Record<string, unknown>>;
  /** The JSON-RPC error of a failed task. */
  readonly error?: TaskErrorObject;
}

/** How a task run ended. */
export type TaskOutcome =
  | { readonly status: 'completed'; readonly result: Record<string, unknown> }
  | {
      readonly status: 'failed';
      readonly error: TaskErrorObject;
      /** Also the task's `statusMessage` (when the server, not the tool, ended it). */
      readonly statusMessage?: string;
    };

/** What `respond` did with a `tasks/update`. */
export type RespondOutcome =
  /** No such task (or expired). */
  | 'unknown'
  /** Recorded; the task still waits for other answers, or was not waiting. */
  | 'recorded'
  /** Every outstanding request is answered: the task is `working` again. */
  | 'resumed';

/** A signal to the instance running a task. */
export type TaskSignal = 'cancel' | 'input';

/** How a run asks the store for the right to run a task. */
export interface BeginOptions {
  /** This process, recorded as the task's owner. */
  readonly owner: string;
  /** The tool's re-run policy, applied when the previous run never let go of the task. */
  readonly rerun: TaskRerun;
  /** A resumable task whose runs were lost this many times is failed instead of run again. */
  readonly maxAttempts: number;
  /** Wait before the second re-run after a loss; doubled for each further one. */
  readonly backoffMs: number;
  /** Upper bound of that wait. */
  readonly backoffMaxMs: number;
  /** The error a `never` task gets when it would run a second time. */
  readonly rerunRefused: TaskErrorObject;
  /** The error a resumable task gets when it was lost `maxAttempts` times. */
  readonly attemptsExhausted: TaskErrorObject;
}

/** What a run gets when the store lets it run: who it is (`fence`), and where to start. */
export interface TaskStart {
  readonly taskId: string;
  /**
   * Fencing token of this run: every write of the run carries it, and the store refuses it once a
   * newer run has begun (or the run let go).
   */
  readonly fence: number;
  /** Which attempt this is (1 for the first run; more after a hand-over or a lost run). */
  readonly attempt: number;
  /** True when this run continues after answered input, rather than starting an attempt. */
  readonly continuation: boolean;
  readonly origin: TaskOrigin;
  /** The last checkpoint an earlier attempt saved, if any. */
  readonly checkpoint?: unknown;
  /** Answers to the last round of input requests, keyed as the tool asked. */
  readonly inputResponses?: Readonly<Record<string, unknown>>;
  /** The `state` of the tool's last `InputRequired` (or the creating request's `requestState`). */
  readonly requestState?: unknown;
  /** When the task last became ready to run (creation, answers, hand-over), epoch ms. */
  readonly queuedAt: number;
}

/** The store's answer to `begin`. */
export type BeginOutcome =
  | { readonly kind: 'run'; readonly start: TaskStart }
  /** Terminal, unknown or expired: nothing to run. */
  | { readonly kind: 'ended' }
  /** Waiting for `tasks/update`: nothing to run until it is answered. */
  | { readonly kind: 'waiting' }
  /** A re-run after a loss waits until `at` (backoff). */
  | { readonly kind: 'later'; readonly at: number }
  /** The store failed the task instead (a `never` tool's second start, or attempts exhausted). */
  | { readonly kind: 'refused' };

/** The record a store holds for a task it has just created: working, never updated yet. */
export function freshRecord(task: NewTask): TaskRecord {
  return {
    taskId: task.taskId,
    status: 'working',
    createdAt: task.createdAt,
    lastUpdatedAt: task.createdAt,
    ttlMs: task.ttlMs,
    pollIntervalMs: task.pollIntervalMs,
    caller: task.caller,
    owner: '',
    attempt: 0,
    fence: 0,
  };
}
