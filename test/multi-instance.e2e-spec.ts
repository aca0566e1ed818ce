import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callTool } from './support/mcp-request.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  startPrivateRedis,
  uniquePrefix,
} from './support/redis.js';
import {
  startDeployment,
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';
import { requireTool } from './support/system-tools.js';

type Tally = {
  handle: string;
  total: number;
  calls: number;
  instance_id: string;
};

/** One tally call on `server`; fails the test on anything but a successful result. */
async function tally(
  server: ServerProcess,
  args: Record<string, unknown>,
): Promise<Tally> {
  const result = await callTool(server.baseUrl, 'tally', args);
  if (result.isError)
    throw new Error(`tally failed: ${result.content[0].text}`);
  return result.structuredContent as Tally;
}

// The load balancer may send every call of a chain to a different instance (SEP-2567: explicit
// handles instead of sessions); these run the real build, as App Service does.
const withRedis = requireTool('redis', 'three instances on the Redis store');
for (const backend of ['signed', 'redis'] as const)
  (backend === 'redis' ? withRedis : describe)(
    `three instances on the ${backend} store`,
    () => {
      const prefix = uniquePrefix(`multi-${backend}`);
      let servers: ServerProcess[];
      beforeAll(async () => {
        if (backend === 'redis') await ensureSharedRedis();
        const redis: Record<string, string> =
          backend === 'redis'
            ? { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix }
            : {};
        servers = await startDeployment({ HANDLE_BACKEND: backend, ...redis });
      });
      afterAll(async () => {
        await Promise.all(servers.map((s) => s.stop()));
        await deleteKeys(prefix);
      });

      it('continues one chain call by call across all three: the total is exact', async () => {
        let state = await tally(servers[0], { add: 1 });
        const served = new Set([state.instance_id]);
        let expected = 1;
        for (let i = 1; i < 30; i++) {
          state = await tally(servers[i % 3], {
            handle: state.handle,
            add: i * 7,
          });
          expected += i * 7;
          served.add(state.instance_id);
        }
        expect(state).toMatchObject({ total: expected, calls: 30 });
        expect([...served].sort()).toEqual([
          'instance-a',
          'instance-b',
          'instance-c',
        ]);
      });

      if (backend === 'redis') {
        it('loses no increment when 200 calls race on one handle over the three instances', async () => {
          const start = await tally(servers[0], { add: 1000 });
          const results = await Promise.all(
            Array.from({ length: 200 }, (_, i) =>
              tally(servers[i % 3], { handle: start.handle, add: 1 }),
            ),
          );
          expect(new Set(results.map((r) => r.handle))).toEqual(
            new Set([start.handle]),
          );
          expect(Math.max(...results.map((r) => r.total))).toBe(1200);
          expect(
            await tally(servers[1], { handle: start.handle, add: 0 }),
          ).toMatchObject({ total: 1200, calls: 202 });
        });
      }

      // Last: it stops an instance for good.
      it('finishes a chain on the other two after one instance stops mid-chain', async () => {
        let state = await tally(servers[2], { add: 5 });
        for (let i = 0; i < 5; i++)
          state = await tally(servers[i % 3], { handle: state.handle, add: 5 });
        await servers[2].stop('SIGTERM');
        for (let i = 0; i < 6; i++)
          state = await tally(servers[i % 2], { handle: state.handle, add: 5 });
        expect(state).toMatchObject({ total: 60, calls: 12 });
      });
    },
  );

const withRedisServerAndOpenssl = requireTool(
  ['redis-server', 'openssl'],
  'Redis over TLS',
);
withRedisServerAndOpenssl(
  'Redis over TLS (rediss://, as Azure Managed Redis requires)',
  () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
      execFileSync(
        'openssl',
        [
          ...[
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=localhost',
          ],
          ...[
            '-addext',
            'subjectAltName=DNS:localhost',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
          ],
        ],
        { stdio: 'ignore' },
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps handles in a TLS-only Redis the server verifies with a trusted certificate', async () => {
      const redis = await startPrivateRedis({
        tls: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') },
      });
      const server = await startServerProcess({
        HANDLE_BACKEND: 'redis',
        REDIS_URL: redis.url,
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      });
      try {
        const first = await tally(server, { add: 2 });
        expect(first.handle).toMatch(/^mh_/);
        expect(
          await tally(server, { handle: first.handle, add: 3 }),
        ).toMatchObject({ total: 5 });
      } finally {
        await server.stop();
        await redis.stop();
      }
    });
  },
);
