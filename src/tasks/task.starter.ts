import { Inject, Injectable, Logger } from '@nestjs/common';
import { ToolRegistry } from '../tools/tool.registry.js';
import { serverFailure, TaskFailures } from './task.errors.js';
import { TaskRounds, type RoundsEnd } from './task-rounds.js';
import { TaskRun } from './task-run.js';
import { TaskStore } from './task-store.interface.js';
import type { TaskWatch } from './task-watch.js';
import type {
  BeginOptions,
  BeginOutcome,
  TaskRerun,
  TaskStart,
} from './task.types.js';
import { TaskTelemetry } from './task.telemetry.js';
import { TasksEnvironment } from './tasks.env.js';
import { TASK_OWNER } from './tasks.tokens.js';

/** Wait before the second re-run after a loss, doubled for each further one, and its bound. */
const BACKOFF_MS = 2_000;
const BACKOFF_MAX_MS = 30_000;

/**
 * After a run's rounds: the executor settles what the run leaves (parks the job, hands it over…)
 * and names the outcome for telemetry.
 */
export type RunSettler = (run: TaskRun, end: RoundsEnd) => Promise<string>;

/**
 * What both executors do to run a task once: claim it in the store (`begin`, with the tool's
 * re-run policy), run its rounds under a span, and turn an unexpected exception into a masked
 * `failed`. Where and when that happens is the executor's business.
 */
@Injectable()
export class TaskStarter {
  private readonly logger = new Logger('Tasks');

  constructor(
    @Inject(TaskStore) private readonly store: TaskStore,
    private readonly rounds: TaskRounds,
    private readonly telemetry: TaskTelemetry,
    private readonly env: TasksEnvironment,
    @Inject(TASK_OWNER) readonly owner: string,
    private readonly tools: ToolRegistry,
  ) {}

  /** The tool's re-run policy; undefined when this release has no such tool. */
  rerunOf(tool: string): TaskRerun | undefined {
    return this.tools.get(tool)?.rerun;
  }

  /** Claims the task for a run here. */
  begin(taskId: string, tool: string, rerun: TaskRerun): Promise<BeginOutcome> {
    return this.store.begin(taskId, this.beginOptions(tool, rerun));
  }

  /**
   * Runs the claimed task: its rounds (registered in `watch` meanwhile, so cancels and takeovers
   * stop it), then `settle`, all in one span; resolves with the settled outcome.
   */
  async run(
    start: TaskStart,
    rerun: TaskRerun,
    watch: TaskWatch,
    settle: RunSettler,
  ): Promise<string> {
    const run = new TaskRun(
      start,
      rerun,
      this.store,
      this.env.TASKS_MAX_CHECKPOINT_BYTES,
    );
    if (start.attempt > 1 && !start.continuation)
      run.report(
        start.checkpoint === undefined
          ? 'started again'
          : 'resuming from its last checkpoint',
      );
    watch.add(run);
    this.telemetry.started(run);
    let outcome = 'failed';
    try {
      outcome = await this.telemetry.trace(run, async () =>
        settle(
          run,
          await this.rounds.run(run).catch((err) => this.crash(run, err)),
        ),
      );
      if (run.reason === 'cancel')
        this.logger.log(`Task ${run.taskId} (${run.tool}) stopped: cancelled`);
      return outcome;
    } finally {
      watch.delete(run);
      run.dispose();
      this.telemetry.stopped(run, outcome);
    }
  }

  private async crash(run: TaskRun, err: unknown): Promise<RoundsEnd> {
    if (run.stopped) return 'stopped';
    this.logger.error(
      `Task ${run.taskId} (${run.tool}) failed: ${err instanceof Error ? err.stack : String(err)}`,
    );
    return this.rounds
      .end(run, serverFailure(TaskFailures.unexpected))
      .catch(() => 'failed' as const);
  }

  private beginOptions(tool: string, rerun: TaskRerun): BeginOptions {
    return {
      owner: this.owner,
      rerun,
      maxAttempts: this.env.TASKS_MAX_ATTEMPTS,
      backoffMs: BACKOFF_MS,
      backoffMaxMs: BACKOFF_MAX_MS,
      rerunRefused: TaskFailures.rerunRefused(tool),
      attemptsExhausted: TaskFailures.attemptsExhausted(
        this.env.TASKS_MAX_ATTEMPTS,
      ),
    };
  }
}
