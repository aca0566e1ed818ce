import { hostname } from 'node:os';
import { type Env, validateEnv } from '../config/index.js';
import { SERVER_PACKAGE } from '../server-package.js';
import { TelemetryEnvironment } from './telemetry.env.js';

/** A destination for spans and metrics. */
export type TelemetryExporter = 'azure-monitor' | 'otlp';

/**
 * What the telemetry bootstrap starts, derived once from the environment: the exporters, the
 * sampling ratio and the resource every span and metric carries (who is serving, in which slot).
 */
export class TelemetrySettings {
  readonly exporters: readonly TelemetryExporter[];
  /** Secret: handed to the exporter, never logged or shown. */
  readonly connectionString?: string;
  readonly samplingRatio: number;
  readonly liveMetrics: boolean;
  /**
   * `service.instance.id` becomes Application Insights' `cloud_RoleInstance`. Production and staging
   * slots share VMs, so the slot rides along as `deployment.environment.name`.
   */
  readonly resourceAttributes: Readonly<Record<string, string>>;

  constructor(telemetry: TelemetryEnvironment) {
    this.connectionString = telemetry.APPLICATIONINSIGHTS_CONNECTION_STRING;
    const exporters: TelemetryExporter[] = [];
    if (this.connectionString) exporters.push('azure-monitor');
    if (telemetry.OTEL_EXPORTER_OTLP_ENDPOINT) exporters.push('otlp');
    this.exporters = Object.freeze(exporters);
    this.samplingRatio = telemetry.TELEMETRY_SAMPLING_RATIO;
    this.liveMetrics = telemetry.TELEMETRY_LIVE_METRICS;
    this.resourceAttributes = Object.freeze({
      'service.name': telemetry.WEBSITE_SITE_NAME || SERVER_PACKAGE.name,
      'service.version': SERVER_PACKAGE.version,
      'service.instance.id':
        telemetry.WEBSITE_INSTANCE_ID || `${hostname()}-${process.pid}`,
      'deployment.environment.name':
        telemetry.SLOT_NAME || telemetry.WEBSITE_SLOT_NAME || 'local',
    });
  }

  /**
   * Validates the telemetry and platform variables of `env`.
   * @throws ConfigError naming the bad variables (never their values).
   */
  static fromEnv(env: Env): TelemetrySettings {
    return new TelemetrySettings(validateEnv(TelemetryEnvironment, env));
  }

  /** True when at least one exporter is configured. */
  get enabled(): boolean {
    return this.exporters.length > 0;
  }

  get instanceId(): string {
    return this.resourceAttributes['service.instance.id'];
  }

  get slot(): string {
    return this.resourceAttributes['deployment.environment.name'];
  }
}
