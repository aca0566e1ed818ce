import { type DynamicModule, Global, Module } from '@nestjs/common';
import { McpOpenTelemetryModule } from './index.js';
import { activeTelemetry } from './running-telemetry.js';
import { TelemetryShutdownHook } from './telemetry-shutdown.hook.js';
import { TelemetryStatus } from './telemetry-status.js';

/**
 * Connects the process's telemetry pipeline (started by `instrument.ts` before Nest) to the server:
 * imports the package's `McpOpenTelemetryModule` and the shutdown flush only when a pipeline runs.
 * Without one, nothing is bound and the `/mcp` path skips tracing entirely. `TelemetryStatus` is
 * always provided.
 */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(): DynamicModule {
    const running = activeTelemetry();
    const status = {
      provide: TelemetryStatus,
      useValue: new TelemetryStatus(running),
    };
    if (!running)
      return {
        module: TelemetryModule,
        providers: [status],
        exports: [TelemetryStatus],
      };
    return {
      module: TelemetryModule,
      imports: [McpOpenTelemetryModule],
      providers: [status, TelemetryShutdownHook],
      exports: [TelemetryStatus],
    };
  }
}
