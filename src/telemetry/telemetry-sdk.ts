import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { azureAppServiceDetector } from '@opentelemetry/resource-detector-azure';
import {
  defaultResource,
  detectResources,
  envDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import {
  type RunningTelemetry,
  setActiveTelemetry,
} from './running-telemetry.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** Extra span processors and metric readers (tests plug in-memory exporters here). */
export interface TelemetryExtras {
  spanProcessors?: SpanProcessor[];
  metricReaders?: MetricReader[];
}

/**
 * Starts the process's OpenTelemetry pipeline and registers it as active: the Azure Monitor distro
 * when a connection string is set (plus OTLP when its endpoint is set too), otherwise plain OTel
 * providers exporting over OTLP/HTTP. Call it before Nest (and anything it loads) starts.
 */
export async function startTelemetry(
  settings: TelemetrySettings,
  extras: TelemetryExtras = {},
): Promise<RunningTelemetry> {
  const resource = resourceOf(settings);
  const otlp = settings.exporters.includes('otlp');
  const spanProcessors = [
    ...(otlp ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []),
    ...(extras.spanProcessors ?? []),
  ];
  const metricReaders = [
    ...(otlp
      ? [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(),
          }),
        ]
      : []),
    ...(extras.metricReaders ?? []),
  ];
  const shutdown = settings.connectionString
    ? await startAzureMonitor(settings, resource, spanProcessors, metricReaders)
    : startOpenTelemetry(settings, resource, spanProcessors, metricReaders);
  const telemetry: RunningTelemetry = {
    exporters: settings.exporters,
    samplingRatio: settings.samplingRatio,
    shutdown: async () => {
      setActiveTelemetry(undefined);
      await shutdown();
    },
  };
  setActiveTelemetry(telemetry);
  return telemetry;
}

/**
 * The distro replaces (not merges) its detected resource with a custom one (its `resource` option),
 * so this one carries the App Service detector's attributes, then ours, then the standard
 * `OTEL_RESOURCE_ATTRIBUTES` / `OTEL_SERVICE_NAME` overrides, in that order of precedence.
 */
function resourceOf(settings: TelemetrySettings): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: [azureAppServiceDetector] }))
    .merge(resourceFromAttributes(settings.resourceAttributes))
    .merge(detectResources({ detectors: [envDetector] }));
}

async function startAzureMonitor(
  settings: TelemetrySettings,
  resource: Resource,
  spanProcessors: SpanProcessor[],
  metricReaders: MetricReader[],
): Promise<() => Promise<void>> {
  // Loaded only here: the distro is heavy and has import-time side effects.
  const { useAzureMonitor, shutdownAzureMonitor } =
    await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString: settings.connectionString,
    },
    resource,
    // Fixed-ratio sampling on the trace id. The distro's default rate limiter (5 traces/s) drops
    // most of a load test and, seen here, even the very first span.
    samplingRatio: settings.samplingRatio,
    tracesPerSecond: 0,
    enableLiveMetrics: settings.liveMetrics,
    // The MCP span is the request: an HTTP server span too would double every `requests` row and be
    // parented on the HTTP header rather than `_meta` (and health probes would be noise).
    instrumentationOptions: { http: { enabled: false } },
    spanProcessors,
    metricReaders,
  });
  return async () => {
    await shutdownAzureMonitor();
  };
}

function startOpenTelemetry(
  settings: TelemetrySettings,
  resource: Resource,
  spanProcessors: SpanProcessor[],
  metricReaders: MetricReader[],
): () => Promise<void> {
  // Same rule as the Azure path: the trace id decides, the same on every instance.
  const sampler = new TraceIdRatioBasedSampler(settings.samplingRatio);
  const tracerProvider = new NodeTracerProvider({
    resource,
    sampler,
    spanProcessors,
  });
  tracerProvider.register(); // AsyncLocalStorage context manager and W3C propagators
  const meterProvider = new MeterProvider({ resource, readers: metricReaders });
  metrics.setGlobalMeterProvider(meterProvider);
  return async () => {
    await Promise.allSettled([
      tracerProvider.shutdown(),
      meterProvider.shutdown(),
    ]);
    trace.disable();
    metrics.disable();
    context.disable();
    propagation.disable();
  };
}
