import type {
  LogLevel,
  McpCallContext,
} from '../protocol/dispatch/mcp-call-context.interface.js';
import type { TaskRun } from './task-run.js';

/**
 * The `McpCallContext` of a call running as a task: the creating request's identity and capabilities,
 * this round's `inputResponses`, `signal` aborted on `tasks/cancel` (and on hand-over), `progress`
 * reported as the task's `statusMessage` (SEP-2663: there is no request stream to send
 * notifications on), the attempt, its idempotency key and checkpoints.
 */
export class TaskToolContext implements McpCallContext {
  constructor(
    private readonly run: TaskRun,
    readonly inputResponses?: Readonly<Record<string, unknown>>,
    readonly requestState?: unknown,
  ) {}

  /** A task is always the run of a `tools/call`. */
  get method(): string {
    return 'tools/call';
  }

  get taskId(): string {
    return this.run.taskId;
  }

  get attempt(): number {
    return this.run.attempt;
  }

  get idempotencyKey(): string {
    return `${this.run.taskId}:${this.run.attempt}`;
  }

  get checkpointed(): unknown {
    return this.run.start.checkpoint;
  }

  get requestId(): string | number {
    return this.run.request.requestId;
  }

  get protocolVersion(): string {
    return this.run.request.protocolVersion;
  }

  get clientCapabilities(): Readonly<Record<string, unknown>> {
    return this.run.request.clientCapabilities;
  }

  get clientInfo() {
    return this.run.request.clientInfo;
  }

  get principal() {
    return this.run.request.principal;
  }

  get traceId(): string | undefined {
    return this.run.request.traceId;
  }

  get signal(): AbortSignal {
    return this.run.controller.signal;
  }

  checkpoint(state: unknown): void {
    this.run.checkpoint(state);
  }

  progress(progress: number, total?: number, message?: string): void {
    this.run.report(
      message ??
        (total === undefined ? `${progress}` : `${progress} of ${total}`),
    );
  }

  log(_level: LogLevel, _data: unknown): void {
    // A task has no response stream; what matters goes in progress messages or the result.
  }
}
