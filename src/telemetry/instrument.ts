/**
 * Side-effect module, imported first by `main.ts` so that OpenTelemetry is set up before Nest and
 * everything it loads (the Azure Monitor distro must start before any other import, or it misses
 * what those load). Loads nothing more unless `APPLICATIONINSIGHTS_CONNECTION_STRING` or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set. A bad value starts nothing here: `main.ts` then reports it
 * with every other configuration problem (naming the variable, never printing its value) and exits.
 */
import { ConfigError } from '../config/index.js';
import { TelemetrySettings } from './telemetry-settings.js';

let settings: TelemetrySettings | undefined;
try {
  settings = TelemetrySettings.fromEnv(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
}
if (settings?.enabled) {
  const { startTelemetry } = await import('./telemetry-sdk.js');
  await startTelemetry(settings);
}
