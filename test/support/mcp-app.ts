import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type CreateAppOptions } from '../../src/bootstrap.js';

/** A booted application listening on a random loopback port. */
export interface TestServer {
  readonly app: INestApplication;
  readonly server: Server;
  /** `http://127.0.0.1:PORT/mcp` */
  readonly url: string;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Signing keys every test server shares, like the instances of one deployment. */
export const TEST_SIGNING_KEYS = `test1:${Buffer.alloc(32, 1).toString('base64')}`;

/**
 * Boots the real AppModule with `env` (nothing from the process environment or a `.env` file) and
 * any extra modules on a random loopback port.
 */
export async function startApp(
  env: Record<string, string> = {},
  imports: (Type | DynamicModule)[] = [],
  options: Pick<CreateAppOptions, 'authenticator'> = {},
): Promise<TestServer> {
  const app = await createApp(
    { NODE_ENV: 'test', HANDLE_SIGNING_KEYS: TEST_SIGNING_KEYS, ...env },
    { logger: false, imports, ...options },
  );
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    server,
    url: `${baseUrl}/mcp`,
    baseUrl,
    close: () => app.close(),
  };
}
