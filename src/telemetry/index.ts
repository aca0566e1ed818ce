// The package's OpenTelemetry entry point (`exports["./opentelemetry"]`): kept out of the main entry
// so that an application without OpenTelemetry never loads `@opentelemetry/*`.
export { McpOpenTelemetryModule } from './mcp-opentelemetry.module.js';
