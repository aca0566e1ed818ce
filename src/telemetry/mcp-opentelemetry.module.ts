import { Global, Module } from '@nestjs/common';
import { InstanceModule } from '../instance/instance.module.js';
import { McpRequestTracer } from '../protocol/interceptors/mcp-request-tracer.interface.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { TaskTelemetrySink } from '../tasks/task-telemetry.sink.js';
import { ToolsModule } from '../tools/tools.module.js';
import { AdmissionMetrics } from './admission.metrics.js';
import { McpRequestMetrics } from './mcp-request.metrics.js';
import { OtelMcpRequestTracer } from './otel-mcp-request.tracer.js';
import { OtelTaskTelemetry } from './otel-task.telemetry.js';

/**
 * MCP telemetry on OpenTelemetry (`@stateless-mcp/nest/opentelemetry`): one SERVER span per `/mcp`
 * request after the OpenTelemetry MCP semantic conventions, request count and duration metrics,
 * admission control's refusals, and a span plus counters per task run. It writes through the
 * `@opentelemetry/api` globals, so it reports to whatever SDK the application started before Nest
 * (Azure Monitor's distro, the Node SDK, …); without an SDK the API is a no-op. Import it next to `McpModule` only when the
 * application uses OpenTelemetry: without it the package loads no OpenTelemetry code and `/mcp`
 * skips tracing entirely.
 */
@Global()
@Module({
  imports: [InstanceModule, ProtocolModule, ToolsModule],
  providers: [
    McpRequestMetrics,
    AdmissionMetrics,
    { provide: McpRequestTracer, useClass: OtelMcpRequestTracer },
    { provide: TaskTelemetrySink, useClass: OtelTaskTelemetry },
  ],
  exports: [McpRequestTracer, TaskTelemetrySink],
})
export class McpOpenTelemetryModule {}
