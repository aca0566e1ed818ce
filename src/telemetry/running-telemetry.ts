import type { TelemetryExporter } from './telemetry-settings.js';

/** A started telemetry pipeline: where it exports and how to stop it. */
export interface RunningTelemetry {
  readonly exporters: readonly TelemetryExporter[];
  readonly samplingRatio: number;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let running: RunningTelemetry | undefined;

/**
 * The pipeline `instrument.ts` started in this process, if any. OpenTelemetry providers are
 * process-wide, so this is too: `TelemetryModule` binds the request tracer only when it is set.
 */
export function activeTelemetry(): RunningTelemetry | undefined {
  return running;
}

/** Records (or, with undefined, forgets) the process's telemetry pipeline. */
export function setActiveTelemetry(
  telemetry: RunningTelemetry | undefined,
): void {
  running = telemetry;
}
