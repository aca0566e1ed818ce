import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';

/** The environment a process (or a test) boots with. */
export type Env = Readonly<Record<string, string | undefined>>;

/** ConfigService key under which the boot environment is stored. */
export const ENV_KEY = 'env';

/**
 * Global configuration root. The environment is captured once, at boot, and every module reads its
 * own validated slice of it through `envConfigProvider`; nothing else reads `process.env`, so tests
 * can boot several differently configured apps in one process.
 */
@Module({})
export class AppConfigModule {
  static forRoot(env: Env = process.env): DynamicModule {
    const snapshot = Object.freeze({ ...env });
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ [ENV_KEY]: snapshot })],
        }),
      ],
      exports: [ConfigModule],
    };
  }
}
