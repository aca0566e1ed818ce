// The package's configuration entry point (`exports["./config"]` of @stateless-mcp/nest): the types
// of `McpModule`'s options and of `forRootAsync`'s factory, and what an application configured by
// environment variables needs: read the MCP variables as options, check them all at once, and
// validate its own settings classes the same way (one line per variable, never a value). It loads
// nothing of the MCP layer (no Nest module, no Express, ioredis or OpenTelemetry), so an
// application can check its configuration, and read `.env`, before its telemetry starts.
export type {
  McpModuleOptions,
  McpOptionsFactory,
  McpPlugin,
  McpProtocolOptions,
  McpAdmissionOptions,
  McpAuthOptions,
  McpOAuthOptions,
  McpHandlesOptions,
  McpKeysOptions,
  McpRedisOptions,
  McpTasksOptions,
  McpInstanceOptions,
} from '../mcp/mcp-module.options.js';
export type { McpModuleAsyncOptions } from '../mcp/mcp.module-definition.js';
export {
  mcpOptionsFromEnv,
  validateMcpEnvironment,
} from '../mcp/mcp-options.from-env.js';
export type { Env } from './env.js';
export { ConfigError, validateEnv } from './validate-env.js';
export { isProduction } from './required-in-production.js';
export {
  EnvBoolean,
  EnvInt,
  EnvList,
  EnvNumber,
  EnvTrimmed,
} from './env-transforms.js';
