import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
import { waitFor } from './support/wait-for.js';

const withRedis = requireTool(
  'redis',
  'an instance killed under load (Redis backend)',
);
withRedis('an instance killed under load (kill -9, Redis backend)', () => {
  const prefix = uniquePrefix('kill9');
  let servers: ServerProcess[];
  beforeAll(async () => {
    await ensureSharedRedis();
    const env = {
      HANDLE_BACKEND: 'redis',
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
    };
    servers = await startDeployment(env);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await deleteKeys(prefix);
  });

  it('loses no acknowledged tally increment', async () => {
    const start = await callTool(servers[0].baseUrl, 'tally', { add: 0 });
    const { handle } = start.structuredContent;
    let acknowledged = 0;
    let failed = 0;
    let stop = false;
    // 24 clients, each sending add=1 calls round-robin over the instances until told to stop.
    const clients = Array.from({ length: 24 }, async (_, client) => {
      for (let i = client; !stop; i++) {
        try {
          const result = await callTool(servers[i % 3].baseUrl, 'tally', {
            handle,
            add: 1,
          });
          if (result.isError) failed++;
          else acknowledged++;
        } catch {
          failed++; // connection reset or refused: the caller was never told it counted
        }
      }
    });
    try {
      await waitFor(() => acknowledged >= 60, {
        what: () => `60 acknowledged increments (${acknowledged} so far)`,
        timeoutMs: 30_000,
      });
      await servers[2].stop('SIGKILL');
      const beforeKill = acknowledged;
      // The clients meet the dead instance, and the two others keep counting.
      await waitFor(() => failed > 0 && acknowledged >= beforeKill + 60, {
        what: () =>
          `a failed call and 60 more increments after the kill (${failed} failed, ${acknowledged - beforeKill} more)`,
        timeoutMs: 30_000,
      });
    } finally {
      stop = true;
      await Promise.all(clients);
    }

    const final = (
      await callTool(servers[0].baseUrl, 'tally', { handle, add: 0 })
    ).structuredContent.total;
    expect(acknowledged).toBeGreaterThan(100);
    expect(failed).toBeGreaterThan(0);
    // Every acknowledged increment is in the total; an unacknowledged one may or may not be.
    expect(final).toBeGreaterThanOrEqual(acknowledged);
    expect(final).toBeLessThanOrEqual(acknowledged + failed);
  }, 120_000);
});

const withRedisServer = requireTool(
  'redis-server',
  'Redis lost under load (a private redis-server)',
);
withRedisServer('Redis lost under load', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-aof-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers retryable errors and not-ready while it is away, never half-applies, and recovers by itself', async () => {
    // A Redis that keeps every acknowledged write across a crash, so the state can be audited after.
    const redis = await startPrivateRedis({
      args: ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir],
    });
    const server = await startServerProcess({
      HANDLE_BACKEND: 'redis',
      REDIS_URL: redis.url,
      WEBSITE_INSTANCE_ID: 'outage',
    });
    const ready = async () => (await fetch(`${server.baseUrl}/readyz`)).status;
    try {
      const { handle } = (await callTool(server.baseUrl, 'tally', { add: 0 }))
        .structuredContent;
      expect(await ready()).toBe(200);
      const outcomes = { ok: 0, unavailable: 0, other: 0 };
      let stop = false;
      // A client that is told "unavailable, retry" holds off until Redis is back, rather than
      // retrying in a tight loop.
      let redisBack!: () => void;
      const back = new Promise<void>((resolve) => (redisBack = resolve));
      const clients = Array.from({ length: 8 }, async () => {
        while (!stop) {
          const result = await callTool(server.baseUrl, 'tally', {
            handle,
            add: 1,
          });
          if (!result.isError) outcomes.ok++;
          else if (result.structuredContent.error.retryable)
            outcomes.unavailable++;
          else outcomes.other++;
          if (result.isError) await back;
        }
      });
      let whileDown: typeof outcomes;
      let recovered: number;
      try {
        await waitFor(() => outcomes.ok >= 40, {
          what: () => `40 increments before the outage (${outcomes.ok} so far)`,
          timeoutMs: 30_000,
        });
        await redis.stop();
        await waitFor(() => outcomes.unavailable > 0, {
          what: 'a client told "unavailable, retry"',
        });
        await waitFor(async () => (await ready()) === 503, {
          what: '/readyz to answer 503 while Redis is away',
        });
        whileDown = { ...outcomes };
        expect((await callTool(server.baseUrl, 'whoami')).isError).toBeFalsy();
        await redis.start();
        await waitFor(async () => (await ready()) === 200, {
          what: '/readyz to answer 200 once Redis is back',
        });
        recovered = outcomes.ok;
        redisBack();
        await waitFor(() => outcomes.ok >= recovered + 40, {
          what: () =>
            `40 increments after the recovery (${outcomes.ok - recovered} so far)`,
          timeoutMs: 30_000,
        });
      } finally {
        stop = true;
        redisBack();
        await Promise.all(clients);
      }

      expect(whileDown.unavailable).toBeGreaterThan(0);
      expect(outcomes.ok).toBeGreaterThan(recovered);
      expect(outcomes.other).toBe(0);
      const final = (
        await callTool(server.baseUrl, 'tally', { handle, add: 0 })
      ).structuredContent;
      // Each update moves total and calls together or not at all; acknowledged ones all count.
      expect(final.calls - 1 - 1).toBe(final.total);
      expect(final.total).toBeGreaterThanOrEqual(outcomes.ok);
      expect(final.total).toBeLessThanOrEqual(
        outcomes.ok + outcomes.unavailable,
      );
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.stop();
      await redis.stop();
    }
  }, 120_000);
});

describe('production boot without proper signing keys', () => {
  it.each([
    ['missing', {}],
    [
      'too short',
      { HANDLE_SIGNING_KEYS: `k1:${Buffer.alloc(16, 3).toString('base64')}` },
    ],
  ])(
    'refuses to start when the key is %s, naming the variable and never the value',
    async (_what, keys) => {
      const attempt = startServerProcess({
        NODE_ENV: 'production',
        HANDLE_SIGNING_KEYS: '',
        ...keys,
      });
      const error = await attempt.then(
        (s) => s.stop().then(() => new Error('it started')),
        (err: Error) => err,
      );
      expect(error.message).toMatch(/exited with 1 at boot/);
      expect(error.message).toMatch(/HANDLE_SIGNING_KEYS/);
      if ('HANDLE_SIGNING_KEYS' in keys)
        expect(error.message).not.toContain(
          keys.HANDLE_SIGNING_KEYS.split(':')[1],
        );
    },
  );
});
