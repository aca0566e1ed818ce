import { Logger } from '@nestjs/common';
import type { Env } from './config/app-config.module.js';
import { ConfigError, validateEnv } from './config/validate-env.js';
import { HandlesEnvironment } from './handles/handles.env.js';
import { KeysEnvironment } from './keys/keys.env.js';
import { SigningKeyRing } from './keys/signing-key.ring.js';
import { RedisEnvironment } from './redis/redis.env.js';
import { InstanceEnvironment } from './instance/instance.env.js';
import { ShutdownEnvironment } from './lifecycle/shutdown.env.js';
import { AuthEnvironment } from './protocol/auth/auth.env.js';
import { AuthSettings } from './protocol/auth/auth-settings.js';
import { ProtocolEnvironment } from './protocol/protocol.env.js';
import { ProtocolSettings } from './protocol/protocol-settings.js';
import { ServerEnvironment } from './server.env.js';
import { TasksEnvironment } from './tasks/tasks.env.js';
import { TelemetryEnvironment } from './telemetry/telemetry.env.js';
import { BuiltinToolsEnvironment } from './builtin/tools/builtin-tools.env.js';

/** The configuration classes the server reads at boot, besides those with cross-checks below. */
export const PLAIN_ENVIRONMENTS: readonly (new () => object)[] = [
  ServerEnvironment,
  InstanceEnvironment,
  ShutdownEnvironment,
  TelemetryEnvironment,
  BuiltinToolsEnvironment,
  RedisEnvironment,
  HandlesEnvironment,
  TasksEnvironment,
];

/** A logger that says nothing: the check must not print the warnings the real boot prints. */
class SilentLogger extends Logger {
  override warn(): void {}
}

/**
 * Checks the whole boot environment at once, before Nest starts, so a person sees every problem
 * in one go (one line per variable, never a value) rather than the first one a module factory hits
 * wrapped in a stack trace. The modules validate again when they build their settings.
 * @throws ConfigError with every problem found.
 */
export function checkBootEnvironment(env: Env): void {
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
  for (const cls of PLAIN_ENVIRONMENTS) attempt(() => validateEnv(cls, env));
  const protocol = attempt(() => validateEnv(ProtocolEnvironment, env));
  const auth = attempt(() => validateEnv(AuthEnvironment, env));
  const keys = attempt(() => validateEnv(KeysEnvironment, env));
  if (keys) attempt(() => SigningKeyRing.fromEnv(keys, new SilentLogger()));
  const settings = auth && attempt(() => new AuthSettings(auth));
  if (protocol && settings)
    attempt(() => new ProtocolSettings(protocol, settings.enabled));
  if (problems.length > 0) throw new ConfigError(problems);
}
