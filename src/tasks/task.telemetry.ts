import { Inject, Injectable, Optional } from '@nestjs/common';
import type { TaskRun, TaskSpanContext } from './task-run.js';
import { TaskTelemetrySink } from './task-telemetry.sink.js';

/**
 * Telemetry of task runs: a span per run, linked to the span of the request that created the task,
 * and counters of tasks created, active and finished by status — reported to the
 * `TaskTelemetrySink` when one is bound (`McpOpenTelemetryModule`), otherwise nothing.
 */
@Injectable()
export class TaskTelemetry {
  constructor(
    @Optional()
    @Inject(TaskTelemetrySink)
    private readonly sink?: TaskTelemetrySink,
  ) {}

  /** The span context of the current request, to link a task run to. */
  currentSpan(): TaskSpanContext | undefined {
    return this.sink?.currentSpan();
  }

  started(tool: string): void {
    this.sink?.started(tool);
  }

  stopped(tool: string, status: string): void {
    this.sink?.stopped(tool, status);
  }

  /** Runs `fn` (the whole run), in its own span when telemetry is on; resolves with the final status. */
  trace(run: TaskRun, fn: () => Promise<string>): Promise<string> {
    return this.sink ? this.sink.trace(run, fn) : fn();
  }
}
