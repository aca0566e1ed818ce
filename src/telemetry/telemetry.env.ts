import {
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { EnvBoolean, EnvNumber, EnvTrimmed } from '../config/index.js';

/**
 * Where telemetry goes. Read once, before Nest starts, by `instrument.ts`. Nothing is set: no
 * exporter, no tracer, nothing on the hot path. Values are never printed (connection strings are
 * secrets): a bad one stops the boot with the variable's name only.
 */
export class TelemetryEnvironment {
  /** Application Insights: turns the Azure Monitor OpenTelemetry distro on. */
  @EnvTrimmed()
  @IsOptional()
  @IsString()
  @Matches(/(^|;)\s*InstrumentationKey=[0-9a-f-]{36}\s*(;|$)/i, {
    message:
      'APPLICATIONINSIGHTS_CONNECTION_STRING must contain InstrumentationKey=<GUID> (copy it from the Application Insights resource)',
  })
  APPLICATIONINSIGHTS_CONNECTION_STRING?: string;

  /** Standard OTLP/HTTP base URL (`/v1/traces`, `/v1/metrics` are appended): any collector. */
  @EnvTrimmed()
  @IsOptional()
  @IsUrl({
    require_tld: false,
    require_protocol: true,
    protocols: ['http', 'https'],
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /**
   * Share of traces kept, 0..1, decided on the trace id (so every instance keeps the same traces).
   * Explicit on purpose: the distro's default is a silent 5 traces/s per instance.
   */
  @EnvNumber() @IsNumber() @Min(0) @Max(1) TELEMETRY_SAMPLING_RATIO = 1;

  /** Application Insights Live Metrics (a live per-instance view; one polling connection each). */
  @EnvBoolean() @IsBoolean() TELEMETRY_LIVE_METRICS = false;

  // Who is serving, for the resource every span and metric carries: App Service's platform
  // variables (https://learn.microsoft.com/azure/app-service/reference-app-settings), which the MCP
  // layer reads too (its `instance` options), read here because telemetry starts before Nest.

  /** `service.instance.id` (Application Insights' `cloud_RoleInstance`); default `<host>-<pid>`. */
  @IsOptional() @IsString() WEBSITE_INSTANCE_ID?: string;

  /** `service.name`; default this server's package name. */
  @IsOptional() @IsString() WEBSITE_SITE_NAME?: string;

  /** `deployment.environment.name` when `SLOT_NAME` is not set. */
  @IsOptional() @IsString() WEBSITE_SLOT_NAME?: string;

  /** `deployment.environment.name`: production and staging slots share VMs; default `local`. */
  @IsOptional() @IsString() SLOT_NAME?: string;
}
