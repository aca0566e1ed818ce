import 'reflect-metadata';
import {
  type DynamicModule,
  type INestApplication,
  type LoggerService,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { validateEnv } from './config/validate-env.js';
import { type Env, McpHttpAdapter } from './index.js';
import { ServerEnvironment } from './server.env.js';

/** Options of `createApp`. */
export interface CreateAppOptions {
  logger?: LoggerService | false;
  /** Extra modules to import, such as tool modules (tests use it to add fixtures). */
  imports?: (Type | DynamicModule)[];
}

/**
 * Builds the application for `env` (tests boot several, each with its own) on `McpHttpAdapter`,
 * whose Node server applies the HTTP limits. Call `listen` yourself, or use `startServer`.
 */
export async function createApp(
  env: Env,
  options: CreateAppOptions = {},
): Promise<INestApplication> {
  const adapter = new McpHttpAdapter(
    validateEnv(ServerEnvironment, env).limits,
  );
  const app = await NestFactory.create(
    AppModule.forRoot(env, options.imports),
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

/** Boots and listens on `PORT`/`HOST` from `env`. */
export async function startServer(
  env: Env,
  options: CreateAppOptions = {},
): Promise<INestApplication> {
  const server = validateEnv(ServerEnvironment, env);
  const app = await createApp(env, options);
  await app.listen(server.PORT, server.HOST);
  return app;
}
