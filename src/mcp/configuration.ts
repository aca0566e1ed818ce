// The package's configuration entry point: `McpModule`'s options, the factory interface of
// `forRootAsync`, and what an application configured by environment variables needs to check and
// read them. It loads nothing of the MCP layer itself (no Nest module, no Express, ioredis or
// OpenTelemetry), so a server can check its configuration, and read `.env`, before its telemetry
// starts.
export type {
  McpModuleOptions,
  McpOptionsFactory,
  McpPlugin,
  McpProtocolOptions,
  McpAuthOptions,
  McpOAuthOptions,
  McpHandlesOptions,
  McpKeysOptions,
  McpRedisOptions,
  McpTasksOptions,
  McpInstanceOptions,
} from './mcp-module.options.js';
export type { McpModuleAsyncOptions } from './mcp.module-definition.js';
export { mcpOptionsFromEnv } from './mcp-options.from-env.js';
export { validateMcpSettings } from './mcp-settings.validate.js';
