import { registerAs } from '@nestjs/config';
import { BuiltinToolsEnvironment } from './builtin/tools/builtin-tools.env.js';
import {
  type Env,
  type McpModuleOptions,
  mcpOptionsFromEnv,
  validateEnv,
} from './config/index.js';
import { ServerEnvironment } from './server.env.js';
import { ShutdownEnvironment } from './shutdown.env.js';

/*
 * The server's environment variables, module by module: for the MCP layer, `McpModule`'s typed
 * options (`mcpOptionsFromEnv` reads the package's settings classes, so the names and the rules are
 * the package's); for the server's own modules, their settings class. `serverConfigSlices` registers
 * one `@nestjs/config` slice per module.
 */

/** `PORT`, `HOST`, `NODE_ENV`, `HTTP_*`: where and how the HTTP server listens. */
export function serverConfig(env: Env): ServerEnvironment {
  return validateEnv(ServerEnvironment, env);
}

/** `SHUTDOWN_*`: how long a graceful shutdown may take (`GracefulShutdown`'s options). */
export function shutdownConfig(env: Env): ShutdownEnvironment {
  return validateEnv(ShutdownEnvironment, env);
}

/** `COMPUTE_PRIMES_*`, `PRIMES_*`: the built-in tools' limits. */
export function builtinToolsConfig(env: Env): BuiltinToolsEnvironment {
  return validateEnv(BuiltinToolsEnvironment, env);
}

/** Token name of the built-in tools' slice (`getConfigToken(BUILTIN_TOOLS_CONFIG)`). */
export const BUILTIN_TOOLS_CONFIG = 'builtinTools';

/**
 * One `registerAs` slice per module, read from `env` when Nest first needs it. `env` is the process
 * environment (after `ConfigModule` has added `.env` to it) or, in tests, an app's own variables.
 */
export function serverConfigSlices(env: Env) {
  let options: McpModuleOptions | undefined;
  const mcp = () => (options ??= mcpOptionsFromEnv(env));
  return {
    protocol: registerAs('protocol', () => mcp().protocol ?? {}),
    admission: registerAs('admission', () => mcp().admission ?? {}),
    auth: registerAs('auth', () => mcp().auth ?? {}),
    handles: registerAs('handles', () => mcp().handles ?? {}),
    keys: registerAs('keys', () => mcp().keys ?? {}),
    redis: registerAs('redis', () => mcp().redis ?? {}),
    tasks: registerAs('tasks', () => mcp().tasks ?? {}),
    instance: registerAs('instance', () => mcp().instance ?? {}),
    server: registerAs('server', () => serverConfig(env)),
    shutdown: registerAs('shutdown', () => shutdownConfig(env)),
    builtinTools: registerAs(BUILTIN_TOOLS_CONFIG, () =>
      builtinToolsConfig(env),
    ),
  };
}

/** The slices of one application. */
export type ServerConfigSlices = ReturnType<typeof serverConfigSlices>;
