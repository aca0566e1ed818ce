import type { RunningTelemetry } from './running-telemetry.js';

/** What the status page says about telemetry: where this process exports, and how much it keeps. */
export class TelemetryStatus {
  readonly appInsights: boolean;
  readonly otlp: boolean;
  /** Share of traces kept, when telemetry runs. */
  readonly samplingRatio?: number;

  constructor(running?: RunningTelemetry) {
    this.appInsights = running?.exporters.includes('azure-monitor') ?? false;
    this.otlp = running?.exporters.includes('otlp') ?? false;
    this.samplingRatio = running?.samplingRatio;
  }
}
