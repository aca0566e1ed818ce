import { afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { createApp } from '../src/bootstrap.js';
import { freePort } from './support/free-port.js';
import { TEST_SIGNING_KEYS } from './support/mcp-app.js';
import { parseResponse } from './support/raw-http.js';

/** Sockets listening on 127.0.0.1:`port`, from the kernel's table (Linux). */
function listeningOn(port: number): number {
  const hex = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .filter((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return local === hex && state === '0A';
    }).length;
}

async function boot(env: Record<string, string>, port: number) {
  const app = await createApp(
    { NODE_ENV: 'test', HANDLE_SIGNING_KEYS: TEST_SIGNING_KEYS, ...env },
    { logger: false },
  );
  await app.listen(port, '127.0.0.1');
  return app;
}

/** `count` connections opened at once, each sending GET /healthz at once; their statuses. */
function healthStorm(port: number, count: number): Promise<(number | null)[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number | null>((resolve) => {
          const chunks: Buffer[] = [];
          const socket = connect(port, '127.0.0.1', () =>
            socket.end('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'),
          );
          socket.on('data', (d: Buffer) => chunks.push(d));
          socket.on('error', () => resolve(null));
          socket.on('close', () =>
            resolve(parseResponse(Buffer.concat(chunks))?.status ?? null),
          );
        }),
    ),
  );
}

const onLinux = process.platform === 'linux' ? describe : describe.skip;

onLinux(
  'the accept path: several sockets on one port (HTTP_ACCEPT_SOCKETS)',
  () => {
    let app: INestApplication | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('listens on 256 sockets of a fixed port, serves a storm of new connections through all of them, and lets go of every one on close', async () => {
      const port = await freePort();
      app = await boot({}, port);
      expect(listeningOn(port)).toBe(256);
      expect(await healthStorm(port, 300)).toEqual(Array(300).fill(200));
      await app.close();
      app = undefined;
      expect(listeningOn(port)).toBe(0);
    });

    it('still refuses a second server on the same port (EADDRINUSE), rather than sharing it', async () => {
      const port = await freePort();
      app = await boot({}, port);
      const other = createServer();
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
        other.once('error', resolve);
        other.listen(port, '127.0.0.1');
      });
      expect(error.code).toBe('EADDRINUSE');
      await expect(boot({}, port)).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    });

    it('keeps one socket with HTTP_ACCEPT_SOCKETS=1, and on port 0', async () => {
      const port = await freePort();
      app = await boot({ HTTP_ACCEPT_SOCKETS: '1' }, port);
      expect(listeningOn(port)).toBe(1);
      await app.close();
      app = await boot({}, 0);
      const { port: ephemeral } = app.getHttpServer().address() as {
        port: number;
      };
      expect(listeningOn(ephemeral)).toBe(1);
    });
  },
);
