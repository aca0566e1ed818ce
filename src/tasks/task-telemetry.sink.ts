import type { TaskRun, TaskSpanContext } from './task-run.js';

/**
 * Where task runs report to (spans and counters). Bound by `McpOpenTelemetryModule` when the
 * application uses OpenTelemetry; without it task telemetry costs nothing and loads nothing.
 */
export interface TaskTelemetrySink {
  /** The span context of the current request, to link a task run to. */
  currentSpan(): TaskSpanContext | undefined;
  started(tool: string): void;
  stopped(tool: string, status: string): void;
  /** Runs `fn` (the whole run) in its own span; resolves with the run's final status. */
  trace(run: TaskRun, fn: () => Promise<string>): Promise<string>;
}

/** Injection token of the optional `TaskTelemetrySink`. */
export const TaskTelemetrySink = Symbol('TaskTelemetrySink');
