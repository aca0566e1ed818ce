import {
  ConfigError,
  type Env,
  validateEnv,
  validateMcpEnvironment,
} from './config/index.js';
import { ServerEnvironment } from './server.env.js';
import { ShutdownEnvironment } from './shutdown.env.js';
import { TelemetryEnvironment } from './telemetry/telemetry.env.js';
import { BuiltinToolsEnvironment } from './builtin/tools/builtin-tools.env.js';

/** The server's own configuration classes (the MCP layer's are the package's to check). */
export const SERVER_ENVIRONMENTS: readonly (new () => object)[] = [
  ServerEnvironment,
  ShutdownEnvironment,
  TelemetryEnvironment,
  BuiltinToolsEnvironment,
];

/**
 * Checks the whole boot environment at once (`ConfigModule`'s `validate`), so a person sees every
 * problem in one go (one line per variable, never a value) rather than the first one a module
 * factory hits wrapped in a stack trace: the server's own settings, then the package's
 * (`validateMcpEnvironment`). The slices validate again when they are read.
 * @throws ConfigError with every problem found.
 */
export function checkBootEnvironment(env: Env): void {
  const problems: string[] = [];
  const checks = [
    ...SERVER_ENVIRONMENTS.map((cls) => () => validateEnv(cls, env)),
    () => validateMcpEnvironment(env),
  ];
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
