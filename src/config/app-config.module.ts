import {
  type DynamicModule,
  type FactoryProvider,
  Module,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';

/** The environment a process (or a test) boots with. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Injection token of the boot environment: a frozen snapshot, read once. */
export const BOOT_ENV = Symbol('BOOT_ENV');

/**
 * Global configuration root. The environment is captured once, at boot, and every module reads its
 * own validated slice of it through `envConfigProvider`; nothing else reads `process.env`, so tests
 * can boot several differently configured apps in one process.
 */
@Module({})
export class AppConfigModule {
  /** Boots with `env` (default: the process's environment). */
  static forRoot(env: Env = process.env): DynamicModule {
    return AppConfigModule.with({
      provide: BOOT_ENV,
      useValue: Object.freeze({ ...env }),
    });
  }

  /** Boots with the environment a factory computes (default: the process's). */
  static forRootAsync(options: {
    imports?: ModuleMetadata['imports'];
    inject?: FactoryProvider['inject'];
    useFactory: (
      ...args: never[]
    ) => Promise<Env | undefined> | Env | undefined;
  }): DynamicModule {
    return AppConfigModule.with(
      {
        provide: BOOT_ENV,
        inject: options.inject ?? [],
        useFactory: async (...args: never[]) =>
          Object.freeze({
            ...((await options.useFactory(...args)) ?? process.env),
          }),
      },
      options.imports,
    );
  }

  private static with(
    provider: Provider,
    imports: ModuleMetadata['imports'] = [],
  ): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports,
      providers: [provider],
      exports: [BOOT_ENV],
    };
  }
}
