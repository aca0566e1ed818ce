import type { TaskRun } from './task-run.js';
import type { TaskSpanLink } from './task.types.js';

/**
 * Where task runs report to (spans, counters and histograms). Bound by `McpOpenTelemetryModule`
 * when the application uses OpenTelemetry; without it task telemetry costs nothing and loads
 * nothing.
 */
export interface TaskTelemetrySink {
  /** The span of the current request, as JSON a run on any instance can link to. */
  currentSpan(): TaskSpanLink | undefined;
  created(tool: string): void;
  started(run: TaskRun): void;
  /** A run ended; `outcome` is the task's status when the run ended it, else what happened. */
  stopped(run: TaskRun, outcome: string): void;
  /** Runs `fn` (one run) in its own span; resolves with the run's outcome. */
  trace(run: TaskRun, fn: () => Promise<string>): Promise<string>;
}

/** Injection token of the optional `TaskTelemetrySink`. */
export const TaskTelemetrySink = Symbol('TaskTelemetrySink');
