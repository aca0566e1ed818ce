import type { FactoryProvider } from '@nestjs/common';
import { BOOT_ENV, type Env } from './app-config.module.js';
import { validateEnv } from './validate-env.js';

/**
 * Provides a class-validator configuration class as its own injection token, filled from the boot
 * environment and validated once at boot (fail fast, secrets never printed).
 */
export function envConfigProvider<T extends object>(
  cls: new () => T,
): FactoryProvider<T> {
  return {
    provide: cls,
    inject: [BOOT_ENV],
    useFactory: (env: Env) => validateEnv(cls, env),
  };
}
