import type { DynamicModule } from '@nestjs/common';
import { ConfigModule, type ConfigType, getConfigToken } from '@nestjs/config';
import { checkBootEnvironment } from './boot-environment.js';
import {
  type Env,
  isProduction,
  type McpAuthOptions,
  type McpModuleAsyncOptions,
  type McpModuleOptions,
} from './config/index.js';
import {
  type ServerConfigSlices,
  serverConfigSlices,
} from './server-config.slices.js';
import type { ServerEnvironment } from './server.env.js';
import type { ShutdownEnvironment } from './shutdown.env.js';

/** The server's configuration slices that become `McpModule`'s options, in the factory's order. */
const MCP_SLICES = [
  'protocol',
  'admission',
  'auth',
  'handles',
  'keys',
  'redis',
  'tasks',
  'instance',
  'server',
] as const;

/**
 * The server's configuration on `@nestjs/config`: `ConfigModule.forRoot` with the boot check as its
 * `validate` and one `registerAs` slice per module, which `McpModule.forRootAsync` maps to its
 * options. Built before Nest starts, so that the HTTP server's own settings (port, limits) and the
 * telemetry bootstrap can be read first.
 */
export class ServerConfiguration {
  private constructor(
    /** `ConfigModule.forRoot(…)`, global, for the application's imports. */
    readonly module: DynamicModule,
    readonly slices: ServerConfigSlices,
  ) {}

  /**
   * Loads and checks the configuration: every problem at once, one line per variable.
   * @param env omitted: the process environment, with `.env` of the working directory added under
   *   it (the process's variables win; no `.env` under `NODE_ENV=test`). Given (tests, several apps
   *   in one process): exactly these variables, neither `.env` nor `process.env`.
   * @throws ConfigError naming every bad variable, never its value.
   */
  static async load(env?: Env): Promise<ServerConfiguration> {
    if (env === undefined) {
      const slices = serverConfigSlices(process.env);
      return new ServerConfiguration(
        await ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          // `merged` is `.env` under `process.env`; returning it makes ConfigModule copy the `.env`
          // variables into `process.env`, where the slices, telemetry and OpenTelemetry read them.
          validate: (merged: Env) => {
            checkBootEnvironment(merged);
            return merged;
          },
          load: Object.values(slices),
        }),
        slices,
      );
    }
    // ConfigModule adds `process.env` to what it validates unless `validatePredefined` is false
    // (`skipProcessEnv` only stops `ConfigService.get` from falling back to it), and copies what
    // `validate` returns into `process.env`: so nothing of the process goes in, and nothing comes out.
    const own = Object.freeze({ ...env });
    const slices = serverConfigSlices(own);
    return new ServerConfiguration(
      await ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        validatePredefined: false,
        skipProcessEnv: true,
        validate: () => {
          checkBootEnvironment(own);
          return {};
        },
        load: Object.values(slices),
      }),
      slices,
    );
  }

  /** Where and how the HTTP server listens. */
  get server(): ServerEnvironment {
    return this.slices.server();
  }

  /** How long the graceful shutdown may take (`options` goes to `GracefulShutdown`). */
  get shutdown(): ShutdownEnvironment {
    return this.slices.shutdown();
  }

  /**
   * `McpModule.forRootAsync` options from the slices (`ConfigType` of each), plus what only code
   * can give: an authenticator (tests use one).
   */
  mcpModuleOptions(
    extra: Pick<McpAuthOptions, 'authenticator'> = {},
  ): McpModuleAsyncOptions {
    return {
      inject: MCP_SLICES.map((name) => getConfigToken(name)),
      useFactory: (
        protocol: ConfigType<ServerConfigSlices['protocol']>,
        admission: ConfigType<ServerConfigSlices['admission']>,
        auth: ConfigType<ServerConfigSlices['auth']>,
        handles: ConfigType<ServerConfigSlices['handles']>,
        keys: ConfigType<ServerConfigSlices['keys']>,
        redis: ConfigType<ServerConfigSlices['redis']>,
        tasks: ConfigType<ServerConfigSlices['tasks']>,
        instance: ConfigType<ServerConfigSlices['instance']>,
        server: ConfigType<ServerConfigSlices['server']>,
      ): McpModuleOptions => ({
        protocol,
        admission,
        auth: { ...auth, ...extra },
        handles,
        keys,
        redis,
        tasks,
        instance,
        production: isProduction({
          NODE_ENV: server.NODE_ENV,
          WEBSITE_INSTANCE_ID: instance.instanceId,
        }),
      }),
    };
  }
}
