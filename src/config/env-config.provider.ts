import type { FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ENV_KEY, type Env } from './app-config.module.js';
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
    inject: [ConfigService],
    useFactory: (config: ConfigService) =>
      validateEnv(cls, config.get<Env>(ENV_KEY) ?? {}),
  };
}
