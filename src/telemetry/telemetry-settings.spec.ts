import { describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import { ConfigError } from '../config/index.js';
import { TelemetrySettings } from './telemetry-settings.js';

const CONNECTION_STRING =
  'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

describe(TelemetrySettings.name, () => {
  it('is off without a connection string or an OTLP endpoint (an emptied setting counts as unset)', () => {
    expect(TelemetrySettings.fromEnv({}).enabled).toBe(false);
    expect(
      TelemetrySettings.fromEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: '  ' })
        .enabled,
    ).toBe(false);
  });

  it('picks the exporters and an explicit sampling ratio (default: keep every trace)', () => {
    const both = TelemetrySettings.fromEnv({
      APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION_STRING,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      TELEMETRY_SAMPLING_RATIO: '0.25',
    });
    expect(both.exporters).toEqual(['azure-monitor', 'otlp']);
    expect(both.samplingRatio).toBe(0.25);
    expect(both.liveMetrics).toBe(false);
    const otlp = TelemetrySettings.fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.net',
    });
    expect(otlp.exporters).toEqual(['otlp']);
    expect(otlp.samplingRatio).toBe(1);
  });

  it('names the App Service instance and slot in the resource', () => {
    const settings = TelemetrySettings.fromEnv({
      WEBSITE_INSTANCE_ID: 'a1b2c3',
      WEBSITE_SITE_NAME: 'mcp-prod',
      WEBSITE_SLOT_NAME: 'Production',
      SLOT_NAME: 'production',
    });
    expect(settings.resourceAttributes).toEqual({
      'service.name': 'mcp-prod',
      'service.version': expect.stringMatching(/^\d+\.\d+\.\d+/),
      'service.instance.id': 'a1b2c3',
      'deployment.environment.name': 'production',
    });
  });

  it('falls back to hostname-pid, the package name and the platform slot variable', () => {
    const settings = TelemetrySettings.fromEnv({
      WEBSITE_SLOT_NAME: 'staging',
    });
    expect(settings.instanceId).toBe(`${hostname()}-${process.pid}`);
    expect(settings.resourceAttributes['service.name']).toBe(
      'stateless-mcp-nest',
    );
    expect(settings.slot).toBe('staging');
  });

  it('fails fast on bad values, naming the variables and never printing them', () => {
    const attempt = () =>
      TelemetrySettings.fromEnv({
        APPLICATIONINSIGHTS_CONNECTION_STRING:
          'IngestionEndpoint=https://x/;secret-part',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
        TELEMETRY_SAMPLING_RATIO: '1.5',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /APPLICATIONINSIGHTS_CONNECTION_STRING.*OTEL_EXPORTER_OTLP_ENDPOINT.*TELEMETRY_SAMPLING_RATIO/,
    );
    expect(attempt).not.toThrow(/secret-part|not a url|1\.5/);
    expect(() =>
      TelemetrySettings.fromEnv({ TELEMETRY_SAMPLING_RATIO: 'half' }),
    ).toThrow(/TELEMETRY_SAMPLING_RATIO/);
  });
});
