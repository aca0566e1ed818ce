import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isProduction, missingInProduction } from './required-in-production.js';

/** Thrown at boot when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates a slice of the environment against a class-validator class and returns the typed,
 * transformed instance. Fails fast with one message that names every bad variable and the rule it
 * broke, never the value: a value may be a secret (signing keys, connection strings). With
 * production (`isProduction`), settings marked `@RequiredInProduction()` must also be set.
 * @throws ConfigError when any variable is invalid or a production requirement is unmet.
 */
export function validateEnv<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined>,
): T {
  const instance = plainToInstance(cls, env, {
    enableImplicitConversion: false,
  });
  const errors = validateSync(instance, {
    skipMissingProperties: false,
    whitelist: false,
  });
  const missing = isProduction(env) ? missingInProduction(instance) : [];
  if (errors.length > 0 || missing.length > 0) {
    const problems = [
      describe(errors),
      ...missing.map((name) => `${name} is required in production`),
    ];
    throw new ConfigError(
      `Invalid configuration: ${problems.filter(Boolean).join('; ')}`,
    );
  }
  return instance;
}

function describe(errors: ValidationError[]): string {
  return errors
    .map(
      (e) =>
        `${e.property} (${Object.keys(e.constraints ?? {}).join(', ') || 'invalid'})`,
    )
    .join('; ');
}
