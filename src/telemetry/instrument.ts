/**
 * Side-effect module, imported first by `main.ts` so that OpenTelemetry is set up before Nest and
 * everything it loads (reference/azure.md §5: the distro must start before other imports). Loads
 * nothing more unless `APPLICATIONINSIGHTS_CONNECTION_STRING` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
 * A bad value stops the process here, naming the variable and never printing its value.
 */
import { TelemetrySettings } from './telemetry-settings.js';

const settings = TelemetrySettings.fromEnv(process.env);
if (settings.enabled) {
  const { startTelemetry } = await import('./telemetry-sdk.js');
  await startTelemetry(settings);
}
