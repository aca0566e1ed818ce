import { Logger } from '@nestjs/common';
import { HandlesEnvironment } from '../handles/handles.env.js';
import { InstanceEnvironment } from '../instance/instance.env.js';
import { KeysEnvironment } from '../keys/keys.env.js';
import { SigningKeyRing } from '../keys/signing-key.ring.js';
import { ShutdownEnvironment } from '../lifecycle/shutdown.env.js';
import { AuthSettings } from '../protocol/auth/auth-settings.js';
import { AuthEnvironment } from '../protocol/auth/auth.env.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import { ProtocolEnvironment } from '../protocol/protocol.env.js';
import { RedisEnvironment } from '../redis/redis.env.js';
import { TasksEnvironment } from '../tasks/tasks.env.js';
import type { Env } from './app-config.module.js';
import { ConfigError, validateEnv } from './validate-env.js';

/** The MCP layer's settings classes without cross-checks; the others are checked by name below. */
export const MCP_ENVIRONMENTS: readonly (new () => object)[] = [
  InstanceEnvironment,
  ShutdownEnvironment,
  RedisEnvironment,
  HandlesEnvironment,
  TasksEnvironment,
];

/** A logger that says nothing: the check must not print the warnings the real boot prints. */
class SilentLogger extends Logger {
  override warn(): void {}
}

/**
 * Checks every setting the MCP layer reads from `env` (`MCP_*`, `HANDLE_*`, `REDIS_*`, `TASKS_*`,
 * `SHUTDOWN_*`, …) at once, before Nest starts, so a person sees every problem in one go — one line
 * per variable saying what it expects, never its value — rather than the first one a module factory
 * hits, wrapped in a stack trace. `McpModule` validates again when it builds its settings.
 * @throws ConfigError with every problem found.
 */
export function validateMcpEnvironment(env: Env): void {
  const problems = mcpEnvironmentProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);
}

function mcpEnvironmentProblems(env: Env): string[] {
  const problems: string[] = [];
  const attempt = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  for (const cls of MCP_ENVIRONMENTS) attempt(() => validateEnv(cls, env));
  const protocol = attempt(() => validateEnv(ProtocolEnvironment, env));
  const auth = attempt(() => validateEnv(AuthEnvironment, env));
  const keys = attempt(() => validateEnv(KeysEnvironment, env));
  if (keys) attempt(() => SigningKeyRing.fromEnv(keys, new SilentLogger()));
  const settings = auth && attempt(() => new AuthSettings(auth));
  if (protocol && settings)
    attempt(() => new ProtocolSettings(protocol, settings.enabled));
  return problems;
}
