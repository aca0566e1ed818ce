import type { Env } from './config/env.js';
import { isProduction } from './config/required-in-production.js';
import { ConfigError, validateEnv } from './config/validate-env.js';
import { ShutdownEnvironment } from './lifecycle/shutdown.env.js';
import { validateMcpSettings } from './mcp/configuration.js';
import { ServerEnvironment } from './server.env.js';
import { TelemetryEnvironment } from './telemetry/telemetry.env.js';
import { BuiltinToolsEnvironment } from './builtin/tools/builtin-tools.env.js';

/** The server's own configuration classes, beside the MCP layer's (`validateMcpSettings`). */
export const SERVER_ENVIRONMENTS: readonly (new () => object)[] = [
  ServerEnvironment,
  ShutdownEnvironment,
  TelemetryEnvironment,
  BuiltinToolsEnvironment,
];

/**
 * Checks the whole boot environment at once (`ConfigModule`'s `validate`), so a person sees every
 * problem in one go (one line per variable, never a value) rather than the first one a module
 * factory hits wrapped in a stack trace. The slices validate again when they are read.
 * @throws ConfigError with every problem found.
 */
export function checkBootEnvironment(env: Env): void {
  const problems: string[] = [];
  for (const cls of SERVER_ENVIRONMENTS) {
    try {
      validateEnv(cls, env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  try {
    validateMcpSettings(env, isProduction(env));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
