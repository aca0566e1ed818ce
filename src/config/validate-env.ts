import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { expectation } from './expectation.js';
import { isProduction, missingInProduction } from './required-in-production.js';

/** Thrown at boot when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  /**
   * @param problems one line per variable saying what it expects (never its value); the message
   *   joins them after `Invalid configuration: `.
   */
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/**
 * Validates a slice of the environment against a class-validator class and returns the typed,
 * transformed instance. Fails fast with one line per bad variable saying what it expects (`expectation`),
 * never the value: a value may be a secret (signing keys, connection strings). With
 * production (`isProduction`), settings marked `@RequiredInProduction()` must also be set.
 * @param env variables as strings, or already typed values (numbers, booleans, lists) under the
 *   same names: the transforms of `env-transforms.ts` accept both.
 * @param production whether production requirements apply; default: `isProduction(env)`.
 * @throws ConfigError when any variable is invalid or a production requirement is unmet.
 */
export function validateEnv<T extends object>(
  cls: new () => T,
  env: Readonly<Record<string, unknown>>,
  production = isProduction(env),
): T {
  const instance = plainToInstance(cls, env, {
    enableImplicitConversion: false,
  });
  const errors = validateSync(instance, {
    skipMissingProperties: false,
    whitelist: false,
  });
  const missing = production ? missingInProduction(instance) : [];
  if (errors.length > 0 || missing.length > 0) {
    throw new ConfigError([
      ...errors.map((e) => expectation(cls, e)),
      ...missing.map((name) => `${name} is required in production`),
    ]);
  }
  return instance;
}
