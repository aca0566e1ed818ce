import { Inject, Injectable, Optional } from '@nestjs/common';
import type { TaskRun } from './task-run.js';
import { TaskTelemetrySink } from './task-telemetry.sink.js';
import type { TaskSpanLink } from './task.types.js';

/**
 * Telemetry of tasks: a span per run, linked to the span of the request that created the task;
 * counters of tasks created, runs active and tasks finished by status; histograms of the queue wait
 * and of each run's time — reported to the `TaskTelemetrySink` when one is bound
 * (`McpOpenTelemetryModule`), otherwise nothing.
 */
@Injectable()
export class TaskTelemetry {
  constructor(
    @Optional()
    @Inject(TaskTelemetrySink)
    private readonly sink?: TaskTelemetrySink,
  ) {}

  /** The span of the current request, as JSON a run on any instance can link to. */
  currentSpan(): TaskSpanLink | undefined {
    return this.sink?.currentSpan();
  }

  created(tool: string): void {
    this.sink?.created(tool);
  }

  started(run: TaskRun): void {
    this.sink?.started(run);
  }

  /** A run ended; `outcome` is the task's status when the run ended it, else what happened. */
  stopped(run: TaskRun, outcome: string): void {
    this.sink?.stopped(run, outcome);
  }

  /** Runs `fn` (one run), in its own span when telemetry is on; resolves with the run's outcome. */
  trace(run: TaskRun, fn: () => Promise<string>): Promise<string> {
    return this.sink ? this.sink.trace(run, fn) : fn();
  }
}
