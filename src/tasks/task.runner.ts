import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DrainHooks } from '../lifecycle/drain.hooks.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-code.js';
import { isJsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import { ToolInvoker } from '../tools/tool.invoker.js';
import { TaskRun, type TaskRequestSnapshot } from './task-run.js';
import { TaskStore } from './task-store.interface.js';
import { TaskToolContext } from './task-tool.context.js';
import type { TaskErrorObject, TaskOutcome, TaskSignal } from './task.types.js';
import { TasksEnvironment } from './tasks.env.js';
import { TaskTelemetry } from './task.telemetry.js';
import { TASK_OWNER } from './tasks.tokens.js';

/** `InputRequired` results without requests in a row before a run is failed as stuck. */
const MAX_EMPTY_ROUNDS = 100;
/** How often a run retries recording its outcome while the store is unreachable. */
const FINISH_RETRY_MS = 500;
/** Owners look at their tasks this often too: pub/sub delivers at most once. */
const POLL_MS = 1_000;
/** The capability each in-task input request needs (as for MRTR, SEP-2322). */
const CAPABILITY: Readonly<Record<string, string>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

/** How a run starts: the tool, its arguments, and the creating request's MRTR answers. */
export interface TaskStart {
  readonly taskId: string;
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly request: TaskRequestSnapshot;
  readonly inputResponses?: Readonly<Record<string, unknown>>;
  readonly requestState?: unknown;
}

/**
 * Runs task tools on this instance, detached from the request that created them (a closed
 * response stream cancels a request, not a task: SEP-2663). Watches each task for cancellation and
 * answers (pub/sub plus a poll), renews the owner's lease, and on shutdown fails what it still runs
 * so no task stays `working` forever.
 */
@Injectable()
export class TaskRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Tasks');
  private readonly runs = new Map<string, TaskRun>();
  private readonly poller?: NodeJS.Timeout;
  private readonly leaser?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(TaskStore) private readonly store: TaskStore | null,
    private readonly invoker: ToolInvoker,
    private readonly env: TasksEnvironment,
    /** Identifies this process as the owner of its tasks. */
    @Inject(TASK_OWNER) readonly owner: string,
    private readonly telemetry: TaskTelemetry,
    private readonly readiness: ReadinessRegistry,
    private readonly drainHooks: DrainHooks,
  ) {
    if (!store) {
      // Tasks are off: nothing will ever start here.
      this.stopping = true;
      return;
    }
    store.onSignal((taskId, signal) => this.signal(taskId, signal));
    this.poller = setInterval(() => void this.poll(), POLL_MS).unref();
    this.leaser = setInterval(
      () => void this.renew(),
      Math.max(500, Math.floor(env.TASKS_LEASE_MS / 3)),
    ).unref();
  }

  /** Tasks this instance is running. */
  get active(): number {
    return this.runs.size;
  }

  /**
   * True when one more task may start here: under `TASKS_MAX_ACTIVE`, and not shutting down (a task
   * started while draining would only be failed at exit; the client should retry elsewhere).
   */
  get hasRoom(): boolean {
    return (
      !this.stopping &&
      !this.readiness.isShuttingDown &&
      this.runs.size < this.env.TASKS_MAX_ACTIVE
    );
  }

  /** Starts a run whose task the store already holds. Never throws: failures end the task. */
  start(start: TaskStart): void {
    const run = new TaskRun(
      start.taskId,
      start.tool,
      start.args,
      start.request,
      this.store!,
    );
    this.runs.set(run.taskId, run);
    this.telemetry.started(run.tool);
    void this.telemetry
      .trace(run, () =>
        this.execute(run, start.inputResponses, start.requestState),
      )
      .catch((err: unknown) => this.crash(run, err))
      .then((status) => {
        run.abort();
        this.runs.delete(run.taskId);
        this.telemetry.stopped(run.tool, status);
      });
  }

  private async execute(
    run: TaskRun,
    inputResponses: Readonly<Record<string, unknown>> | undefined,
    requestState: unknown,
  ): Promise<string> {
    let emptyRounds = 0;
    for (;;) {
      const ctx = new TaskToolContext(run, inputResponses, requestState);
      let output: unknown;
      try {
        output = await this.invoker.call(
          { name: run.tool, arguments: run.args },
          ctx,
        );
      } catch (err) {
        if (!(err instanceof JsonRpcError)) throw err;
        return this.end(run, {
          status: 'failed',
          error: errorObject(err),
        });
      }
      if (run.aborted) return 'cancelled';
      if (!(output instanceof InputRequired))
        return this.end(run, {
          status: 'completed',
          result: output as Record<string, unknown>,
        });
      const missing = missingCapabilities(output, run.request);
      if (missing) {
        return this.end(run, {
          status: 'failed',
          error: {
            code: JsonRpcErrorCode.MissingRequiredClientCapability,
            message: `Missing required client capability: ${Object.keys(missing).join(', ')}`,
            data: { requiredCapabilities: missing },
          },
        });
      }
      requestState = output.state;
      if (!output.inputRequests || !Object.keys(output.inputRequests).length) {
        // Nothing to ask: run again at once with the new state, within reason.
        if (++emptyRounds > MAX_EMPTY_ROUNDS)
          throw new Error(
            `${run.tool} asked for no input ${emptyRounds} times in a row`,
          );
        inputResponses = undefined;
        continue;
      }
      emptyRounds = 0;
      if (!(await this.store!.requireInput(run.taskId, output.inputRequests)))
        return 'cancelled';
      const waiting = run.awaitInput();
      // Answers that came in before the wait began (their signal found no waiter) are taken now.
      void this.resume(run).catch(() => undefined);
      const answers = await waiting;
      if (!answers) return 'cancelled';
      inputResponses = answers;
    }
  }

  private async end(run: TaskRun, outcome: TaskOutcome): Promise<string> {
    // A cancel or a lost lease may have ended it already: then this changes nothing. While the
    // store is unreachable the outcome is retried (the lease is still renewed meanwhile), so a
    // short Redis outage neither loses a finished result nor records it twice.
    const deadline = Date.now() + this.env.TASKS_LEASE_MS * 2;
    for (;;) {
      try {
        const ended = await this.store!.finish(run.taskId, outcome);
        return ended ? outcome.status : 'superseded';
      } catch (err) {
        if (Date.now() > deadline || this.stopping) throw err;
        await sleep(FINISH_RETRY_MS);
      }
    }
  }

  private async crash(run: TaskRun, err: unknown): Promise<string> {
    this.logger.error(
      `Task ${run.taskId} (${run.tool}) failed: ${err instanceof Error ? err.stack : String(err)}`,
    );
    return this.end(run, {
      status: 'failed',
      error: {
        code: JsonRpcErrorCode.InternalError,
        message: 'The task failed unexpectedly. Start it again later.',
      },
    }).catch(() => 'failed');
  }

  private signal(taskId: string, signal: TaskSignal): void {
    const run = this.runs.get(taskId);
    if (!run) return;
    if (signal === 'cancel') run.abort();
    else void this.resume(run).catch(() => undefined);
  }

  private async resume(run: TaskRun): Promise<void> {
    if (!run.waiting) return;
    const answers = await this.store!.takeResponses(run.taskId);
    if (answers) run.deliver(answers);
  }

  /** The fallback for lost signals: cancelled (or otherwise ended) tasks stop, answered ones resume. */
  private async poll(): Promise<void> {
    for (const run of [...this.runs.values()]) {
      try {
        const record = await this.store!.get(run.taskId);
        if (
          !record ||
          ['completed', 'failed', 'cancelled'].includes(record.status)
        ) {
          run.abort();
        } else if (record.status === 'working' && run.waiting) {
          await this.resume(run);
        }
      } catch {
        // Store unreachable: keep working; the lease decides if this lasts.
      }
    }
  }

  private async renew(): Promise<void> {
    if (this.runs.size === 0) return;
    await this.store!.renewLeases(this.owner, [...this.runs.keys()]).catch(
      () => undefined,
    );
  }

  onModuleInit(): void {
    if (this.store) this.drainHooks.register('tasks', () => this.drain());
  }

  /**
   * SIGTERM (slot swap, scale-in): another instance cannot take over a running tool call, so each
   * task still running here ends `failed` with a message saying so. A drain hook: it runs before
   * any module is destroyed, while the tools' pools and Redis are still there.
   */
  async drain(): Promise<void> {
    this.stopping = true;
    const runs = [...this.runs.values()];
    await Promise.all(
      runs.map(async (run) => {
        run.abort();
        await this.end(run, {
          status: 'failed',
          error: {
            code: JsonRpcErrorCode.InternalError,
            message:
              'The server instance running this task shut down before it finished. Start the task again.',
          },
        }).catch(() => undefined);
      }),
    );
    if (runs.length > 0)
      this.logger.warn(`Shutdown: ${runs.length} running task(s) failed`);
  }

  async onModuleDestroy(): Promise<void> {
    // Already done on SIGTERM and app.close(); a standalone context without HTTP gets it here.
    await this.drainHooks.run();
    clearInterval(this.poller);
    clearInterval(this.leaser);
    await this.store?.close();
  }
}

function errorObject(err: JsonRpcError): TaskErrorObject {
  return err.data === undefined
    ? { code: err.code, message: err.message }
    : { code: err.code, message: err.message, data: err.data };
}

function missingCapabilities(
  result: InputRequired,
  request: TaskRequestSnapshot,
): Record<string, object> | undefined {
  let missing: Record<string, object> | undefined;
  for (const input of Object.values(result.inputRequests ?? {})) {
    const capability = CAPABILITY[input.method];
    if (capability && !isJsonObject(request.clientCapabilities[capability]))
      (missing ??= {})[capability] = {};
  }
  return missing;
}
