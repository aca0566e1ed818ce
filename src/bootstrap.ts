import 'reflect-metadata';
import { type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule, type AppModuleOptions } from './app.module.js';
import type { Env } from './config/index.js';
import { McpHttpAdapter } from './index.js';
import { ServerConfiguration } from './server-configuration.js';

/** Options of `createApp`. */
export interface CreateAppOptions extends AppModuleOptions {
  logger?: LoggerService | false;
}

/**
 * Builds the application on `McpHttpAdapter`, whose Node server applies the HTTP limits. Call
 * `listen` yourself, or use `startServer`.
 * @param config a loaded configuration, or the environment to load one from: omitted, the process
 *   environment and `.env`; given (tests boot several apps, each with its own), exactly that.
 * @throws ConfigError when the configuration is invalid (every problem, one line each).
 */
export async function createApp(
  config?: Env | ServerConfiguration,
  options: CreateAppOptions = {},
): Promise<INestApplication> {
  const loaded =
    config instanceof ServerConfiguration
      ? config
      : await ServerConfiguration.load(config);
  const adapter = new McpHttpAdapter(loaded.server.limits);
  const app = await NestFactory.create(
    AppModule.forRoot(loaded, options),
    adapter,
    {
      bodyParser: false,
      // Throw instead of exiting, so a bad configuration surfaces as an error (and tests see it).
      abortOnError: false,
      logger: options.logger,
    },
  );
  const express = adapter.getInstance<{
    set(key: string, value: unknown): void;
  }>();
  express.set('etag', false);
  express.set('x-powered-by', false);
  await app.init();
  return app;
}

/** Boots and listens on `PORT`/`HOST` of the configuration (see `createApp`). */
export async function startServer(
  config?: Env | ServerConfiguration,
  options: CreateAppOptions = {},
): Promise<INestApplication> {
  const loaded =
    config instanceof ServerConfiguration
      ? config
      : await ServerConfiguration.load(config);
  const app = await createApp(loaded, options);
  await app.listen(loaded.server.PORT, loaded.server.HOST);
  return app;
}
