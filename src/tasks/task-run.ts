import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type { TaskStore } from './task-store.interface.js';

/**
 * A span to link to: OpenTelemetry's `SpanContext`, written out so that the package's declarations
 * need no `@opentelemetry/api` (an optional peer) where telemetry is off.
 */
export interface TaskSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly isRemote?: boolean;
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
  /** The creating request's span, which the task run's span links to. */
  readonly spanContext?: TaskSpanContext;
}

/** Store writes of `statusMessage` are at most this frequent per task. */
const MESSAGE_EVERY_MS = 500;

/**
 * One task being worked on by this instance: its abort controller (cancel, shutdown), the wait for
 * input, and throttled `statusMessage` writes. Lives on the owner only; the state is in the store.
 */
export class TaskRun {
  readonly controller = new AbortController();
  private waiter?: (responses: Readonly<Record<string, unknown>>) => void;
  private lastWrite = 0;
  private pending?: string;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly taskId: string,
    readonly tool: string,
    readonly args: Readonly<Record<string, unknown>>,
    readonly request: TaskRequestSnapshot,
    private readonly store: TaskStore,
  ) {}

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** True while the run waits for `tasks/update` answers. */
  get waiting(): boolean {
    return this.waiter !== undefined;
  }

  /**
   * Resolves with the next round's answers, or undefined when the run is aborted first (cancel,
   * shutdown, worker lost).
   */
  awaitInput(): Promise<Readonly<Record<string, unknown>> | undefined> {
    if (this.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiter = undefined;
        resolve(undefined);
      };
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = (responses) => {
        this.waiter = undefined;
        this.controller.signal.removeEventListener('abort', onAbort);
        resolve(responses);
      };
    });
  }

  /** Hands a round's answers to the waiting run. */
  deliver(responses: Readonly<Record<string, unknown>>): void {
    this.waiter?.(responses);
  }

  abort(): void {
    clearTimeout(this.timer);
    this.controller.abort();
  }

  /** Progress becomes the task's `statusMessage`; writes are throttled, the last one always lands. */
  report(message: string): void {
    if (this.aborted) return;
    this.pending = message;
    if (this.timer) return;
    const wait = this.lastWrite + MESSAGE_EVERY_MS - Date.now();
    if (wait <= 0) return void this.flush();
    this.timer = setTimeout(() => void this.flush(), wait);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const message = this.pending;
    if (message === undefined || this.aborted) return;
    this.pending = undefined;
    this.lastWrite = Date.now();
    // A lost progress message is harmless; the next one or the result replaces it.
    await this.store.setMessage(this.taskId, message).catch(() => undefined);
  }
}
