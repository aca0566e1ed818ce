import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { CompactSign, compactVerify } from 'jose';
import { validateEnv } from '../src/config/validate-env.js';
import { KeysEnvironment } from '../src/keys/keys.env.js';
import { SigningKeyRing } from '../src/keys/signing-key.ring.js';
import {
  HandleFixturesModule,
  HeaderAuthenticator,
} from './fixtures/handle-fixtures.js';
import {
  startApp,
  TEST_SIGNING_KEYS,
  type TestServer,
} from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  startPrivateRedis,
  uniquePrefix,
} from './support/redis.js';
import { requireTool } from './support/system-tools.js';
import { waitFor } from './support/wait-for.js';

type Backend = 'signed' | 'redis';

/** Boots a server on `backend`; Redis ones get a key prefix of their own on the shared Redis. */
async function boot(
  backend: Backend,
  env: Record<string, string> = {},
  withAuth = false,
): Promise<TestServer> {
  const redis: Record<string, string> =
    backend === 'redis'
      ? { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: PREFIX }
      : {};
  return startApp(
    { HANDLE_BACKEND: backend, WEBSITE_INSTANCE_ID: 'one', ...redis, ...env },
    [HandleFixturesModule],
    withAuth ? { authenticator: HeaderAuthenticator } : {},
  );
}

const PREFIX = uniquePrefix('handles');

/** Calls a tool with extra HTTP headers and returns its result. */
async function callAs(
  t: TestServer,
  user: string,
  name: string,
  args: Record<string, unknown>,
) {
  const res = await mcp(
    t.server,
    'tools/call',
    { name, arguments: args },
    { extraHeaders: { 'X-Test-User': user } },
  );
  return res.body.result;
}

const expectRefused = (
  result: { isError?: boolean; structuredContent?: any },
  reason: string,
  retryable = false,
) => {
  expect(result.isError).toBe(true);
  expect(result.structuredContent.error).toMatchObject({ reason, retryable });
};

afterAll(() => deleteKeys(PREFIX));

// One contract, two stores: tools never see which one holds their state (handles replace
// sessions, SEP-2567).
const withRedis = requireTool('redis', 'handles on the Redis store');
for (const backend of ['signed', 'redis'] as const)
  (backend === 'redis' ? withRedis : describe)(
    `handles on the ${backend} store`,
    () => {
      let t: TestServer;
      beforeAll(async () => {
        if (backend === 'redis') await ensureSharedRedis();
        t = await boot(backend);
      });
      afterAll(() => t.close());

      it('starts a tally at 0, adds 1 by default and continues it through the handle', async () => {
        const first = await callTool(t.server, 'tally');
        expect(first.isError).toBeFalsy();
        expect(first.structuredContent).toMatchObject({
          total: 1,
          calls: 1,
          instance_id: 'one',
        });
        expect(JSON.parse(first.content[0].text)).toEqual(
          first.structuredContent,
        );
        let { handle } = first.structuredContent;
        for (const [add, total] of [
          [41, 42],
          [-50, -8],
          [1_000_000, 999_992],
        ]) {
          const next = await callTool(t.server, 'tally', { handle, add });
          expect(next.structuredContent).toMatchObject({
            total,
            instance_id: 'one',
          });
          handle = next.structuredContent.handle;
        }
        const last = await callTool(t.server, 'tally', { handle });
        expect(last.structuredContent.calls).toBe(5);
        const ttlMs =
          Date.parse(last.structuredContent.expires_at) - Date.now();
        expect(ttlMs).toBeGreaterThan(86_400_000 - 60_000);
        expect(ttlMs).toBeLessThanOrEqual(86_400_000);
      });

      it.each([
        ['add too large', { add: 1_000_001 }],
        ['add not an integer', { add: 1.5 }],
        ['add a string', { add: '2' }],
        ['empty handle', { handle: '' }],
        ['handle over 4096 characters', { handle: 'x'.repeat(5000) }],
        ['unknown argument', { other: 1 }],
      ])('refuses %s by schema, naming the problem', async (_what, args) => {
        const result = await callTool(t.server, 'tally', args);
        expect(result.isError).toBe(true);
        expect(result.content[0].text).toMatch(
          /^Invalid arguments for tool tally: arguments/,
        );
      });

      it.each([
        ['garbage'],
        ['mh_short'],
        ['eyJhbGciOiJIUzI1NiJ9.e30.AAAA'],
        ['a.b.c.d'],
      ])(
        'answers the malformed or foreign handle %j with an isError a model can act on',
        async (handle) => {
          const result = await callTool(t.server, 'tally', { handle });
          expect(result.isError).toBe(true);
          expect(result.structuredContent.error.retryable).toBe(false);
          expect(result.content[0].text).toMatch(/start over/);
        },
      );

      it('refuses a handle from the other backend cleanly', async () => {
        const other = await boot(backend === 'signed' ? 'redis' : 'signed');
        try {
          const { handle } = (await callTool(other.server, 'tally'))
            .structuredContent;
          expectRefused(
            await callTool(t.server, 'tally', { handle }),
            'malformed',
          );
        } finally {
          await other.close();
        }
      });

      it('keeps a handle to its purpose: a tally handle is refused by another tool, and back', async () => {
        const tally = (await callTool(t.server, 'tally')).structuredContent
          .handle;
        expectRefused(
          await callTool(t.server, 'bounded_counter', { handle: tally }),
          'invalid',
        );
        const counter = (await callTool(t.server, 'bounded_counter'))
          .structuredContent.handle;
        expectRefused(
          await callTool(t.server, 'tally', { handle: counter }),
          'invalid',
        );
      });

      it('applies a change atomically: out of range changes nothing', async () => {
        let { handle } = (await callTool(t.server, 'bounded_counter'))
          .structuredContent;
        for (let n = 1; n <= 3; n++) {
          const up = await callTool(t.server, 'bounded_counter', { handle });
          expect(up.structuredContent).toMatchObject({ n, last: 'up' });
          handle = up.structuredContent.handle;
        }
        expectRefused(
          await callTool(t.server, 'bounded_counter', { handle }),
          'out-of-range',
        );
        const again = await callTool(t.server, 'bounded_counter', { handle });
        expectRefused(again, 'out-of-range');
      });

      it('binds a handle to the authenticated caller', async () => {
        const authed = await boot(backend, {}, true);
        try {
          const mine = await callAs(authed, 'alice', 'tally', { add: 3 });
          expect(mine.structuredContent.total).toBe(3);
          expectRefused(
            await callAs(authed, 'mallory', 'tally', {
              handle: mine.structuredContent.handle,
            }),
            'invalid',
          );
          const still = await callAs(authed, 'alice', 'tally', {
            handle: mine.structuredContent.handle,
          });
          expect(still.structuredContent).toMatchObject({ total: 4, calls: 2 });
        } finally {
          await authed.close();
        }
      });

      it('never echoes the handle or its state in an error', async () => {
        const { handle } = (await callTool(t.server, 'tally', { add: 777 }))
          .structuredContent;
        const tampered = `${handle.slice(0, -2)}${handle.endsWith('AA') ? 'BB' : 'AA'}`;
        const result = await callTool(t.server, 'tally', { handle: tampered });
        expect(result.isError).toBe(true);
        expect(JSON.stringify(result)).not.toContain(tampered);
        expect(JSON.stringify(result)).not.toContain('777');
      });
    },
  );

describe('signed handles', () => {
  let t: TestServer;
  const handleKeys = SigningKeyRing.fromEnv(
    validateEnv(KeysEnvironment, { HANDLE_SIGNING_KEYS: TEST_SIGNING_KEYS }),
  ).derive('handles/v1');
  beforeAll(async () => {
    t = await boot('signed');
  });
  afterAll(() => t.close());

  it('are standard JWS (HS256, kid, typ) any JOSE library can verify with the derived key', async () => {
    const { handle, expires_at } = (
      await callTool(t.server, 'tally', { add: 9 })
    ).structuredContent;
    const { payload, protectedHeader } = await compactVerify(
      handle,
      handleKeys.get('test1')!,
    );
    expect(protectedHeader).toEqual({
      alg: 'HS256',
      kid: 'test1',
      typ: 'mcp-handle+jwt',
    });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({
      iss: 'stateless-mcp-nest',
      aud: 'mcp-handle:tally',
      st: { total: 9, calls: 1 },
    });
    expect(claims.exp * 1000).toBe(Date.parse(expires_at));
  });

  it('refuses a token altered in any single character', async () => {
    const { handle } = (await callTool(t.server, 'tally', { add: 5 }))
      .structuredContent as { handle: string };
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const positions = [...handle]
      .map((c, i) => i)
      .filter((i) => handle[i] !== '.');
    const outcomes = await Promise.all(
      positions.map(async (i) => {
        const swapped =
          alphabet[(alphabet.indexOf(handle[i]) + 1) % alphabet.length];
        const result = await callTool(t.server, 'tally', {
          handle: handle.slice(0, i) + swapped + handle.slice(i + 1),
        });
        return result.isError === true;
      }),
    );
    expect(outcomes.filter((refused) => !refused)).toHaveLength(0);
    expect(positions.length).toBeGreaterThan(100);
  });

  it('refuses an expired token, and one whose expiry was forged without the key', async () => {
    const claims = {
      iss: 'stateless-mcp-nest',
      aud: 'mcp-handle:tally',
      iat: 1,
      exp: 2,
      st: { total: 1, calls: 1 },
    };
    const expired = await new CompactSign(
      new TextEncoder().encode(JSON.stringify(claims)),
    )
      .setProtectedHeader({ alg: 'HS256', kid: 'test1', typ: 'mcp-handle+jwt' })
      .sign(handleKeys.get('test1')!);
    expectRefused(
      await callTool(t.server, 'tally', { handle: expired }),
      'expired',
    );
    const unsigned = `${expired.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    expectRefused(
      await callTool(t.server, 'tally', { handle: unsigned }),
      'invalid',
    );
  });

  it('survives key rotation: old tokens verify while their key stays listed, not once it is removed', async () => {
    const { handle } = (await callTool(t.server, 'tally', { add: 10 }))
      .structuredContent;
    const fresh = `next:${Buffer.alloc(48, 9).toString('base64')}`;
    const rotated = await boot('signed', {
      HANDLE_SIGNING_KEYS: `${fresh},${TEST_SIGNING_KEYS}`,
    });
    const removed = await boot('signed', { HANDLE_SIGNING_KEYS: fresh });
    try {
      const next = await callTool(rotated.server, 'tally', { handle });
      expect(next.structuredContent.total).toBe(11);
      expect(
        JSON.parse(
          Buffer.from(
            next.structuredContent.handle.split('.')[0],
            'base64url',
          ).toString(),
        ).kid,
      ).toBe('next');
      expectRefused(
        await callTool(removed.server, 'tally', { handle }),
        'invalid',
      );
      expect(
        (
          await callTool(removed.server, 'tally', {
            handle: next.structuredContent.handle,
          })
        ).structuredContent.total,
      ).toBe(12);
    } finally {
      await rotated.close();
      await removed.close();
    }
  });
});

const withRedisServer = requireTool(['redis', 'redis-server'], 'Redis handles');
withRedisServer('Redis handles', () => {
  let t: TestServer;
  let redis: Redis;
  beforeAll(async () => {
    await ensureSharedRedis();
    t = await boot('redis');
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  it('keep one opaque id for the whole chain, with the state and its TTL server-side', async () => {
    const first = (await callTool(t.server, 'tally', { add: 2 }))
      .structuredContent;
    expect(first.handle).toMatch(/^mh_[A-Za-z0-9_-]{24}$/);
    const second = (
      await callTool(t.server, 'tally', { handle: first.handle, add: 3 })
    ).structuredContent;
    expect(second.handle).toBe(first.handle);
    const key = `${PREFIX}handle:${first.handle}`;
    expect(await redis.hgetall(key)).toEqual({
      _p: 'tally',
      _o: '',
      's:total': '5',
      's:calls': '2',
    });
    expect(await redis.ttl(key)).toBeGreaterThan(86_400 - 60);
  });

  it('lose no update when many calls race on one handle', async () => {
    const { handle } = (await callTool(t.server, 'tally', { add: 0 }))
      .structuredContent;
    await Promise.all(
      Array.from({ length: 100 }, () =>
        callTool(t.server, 'tally', { handle, add: 2 }),
      ),
    );
    expect(
      (await callTool(t.server, 'tally', { handle, add: 0 })).structuredContent,
    ).toMatchObject({ total: 200, calls: 102 });
  });

  it('answers an expired (vanished) handle as unknown', async () => {
    const { handle } = (await callTool(t.server, 'tally')).structuredContent;
    await redis.del(`${PREFIX}handle:${handle}`);
    expectRefused(await callTool(t.server, 'tally', { handle }), 'unknown');
  });

  it('answers "unavailable, retry" while Redis is down, keeps serving, and recovers by itself', async () => {
    const own = await startPrivateRedis();
    const app = await boot('redis', { REDIS_URL: own.url });
    try {
      const { handle } = (await callTool(app.server, 'tally', { add: 7 }))
        .structuredContent;
      await own.stop();
      const down = await Promise.all([
        callTool(app.server, 'tally', { handle }),
        callTool(app.server, 'tally'),
      ]);
      for (const result of down) expectRefused(result, 'unavailable', true);
      expect((await callTool(app.server, 'whoami')).isError).toBeFalsy();
      // Redis without persistence comes back empty; a handle minted after recovery works again.
      await own.start();
      const recovered = await waitFor(
        async () => {
          const result = await callTool(app.server, 'tally', { add: 1 });
          return !result.isError && result;
        },
        {
          what: 'tally to mint a handle again once Redis is back',
          everyMs: 100,
        },
      );
      expect(recovered.structuredContent).toMatchObject({
        total: 1,
        calls: 1,
      });
    } finally {
      await app.close();
      await own.stop();
    }
  });
});
