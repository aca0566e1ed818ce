import { type DynamicModule, Global, Module } from '@nestjs/common';
import { McpRequestTracer } from '../protocol/interceptors/mcp-request-tracer.interface.js';
import { InstanceModule } from '../instance/instance.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { McpRequestMetrics } from './mcp-request.metrics.js';
import { OtelMcpRequestTracer } from './otel-mcp-request.tracer.js';
import { activeTelemetry } from './running-telemetry.js';
import { TelemetryShutdownHook } from './telemetry-shutdown.hook.js';
import { TelemetryStatus } from './telemetry-status.js';

/**
 * Connects the process's telemetry pipeline (started by `instrument.ts` before Nest) to the app:
 * binds the request tracer and the shutdown flush only when a pipeline runs. Without one, nothing
 * is bound and the `/mcp` path skips tracing entirely. `TelemetryStatus` is always provided.
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
      imports: [InstanceModule, ProtocolModule, ToolsModule],
      providers: [
        status,
        McpRequestMetrics,
        { provide: McpRequestTracer, useClass: OtelMcpRequestTracer },
        TelemetryShutdownHook,
      ],
      exports: [McpRequestTracer, TelemetryStatus],
    };
  }
}
