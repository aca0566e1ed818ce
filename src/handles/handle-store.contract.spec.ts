import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from '../../test/support/redis.js';
import { type Describe, requireTool } from '../../test/support/system-tools.js';
import { waitFor } from '../../test/support/wait-for.js';
import { validateEnv } from '../config/validate-env.js';
import { KeysEnvironment } from '../keys/keys.env.js';
import { SigningKeyRing } from '../keys/signing-key.ring.js';
import { HandleError, type HandleFailure } from './handle.error.js';
import type {
  HandleChange,
  HandleScope,
  HandleStore,
} from './handle-store.interface.js';
import { RedisHandleStore } from './redis/redis-handle.store.js';
import { SignedHandleStore } from './signed/signed-handle.store.js';

const PREFIX = uniquePrefix('handle-contract');
const clients: Redis[] = [];

// The Redis half needs a Redis (started if redis-server is there): skipped loudly without one, and
// failing instead under CI (test/support/system-tools.ts).
const withRedis = requireTool('redis', 'the Redis handle store contract');

function signedStore(keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`) {
  const ring = SigningKeyRing.fromEnv(
    validateEnv(KeysEnvironment, { HANDLE_SIGNING_KEYS: keys }),
  );
  return SignedHandleStore.create(ring, 'contract-spec');
}

function redisStore(prefix = PREFIX): Promise<HandleStore> {
  const client = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: 1 });
  clients.push(client);
  return Promise.resolve(new RedisHandleStore(client, prefix));
}

afterAll(() => {
  for (const client of clients) client.disconnect();
});

interface StoreUnderTest {
  readonly kind: HandleStore['kind'];
  readonly open: () => Promise<HandleStore>;
  /** `describe`, or the one that needs a Redis. */
  readonly describe: Describe;
  /** Whether the handle stays the same across updates (Redis) or each change mints a new one. */
  readonly stableHandle: boolean;
  /** What a handle past its lifetime is refused as. */
  readonly expired: HandleFailure;
  /** A well-formed handle of the other store, which this one must not take for one of its own. */
  readonly foreign: string;
}

const STORES: StoreUnderTest[] = [
  {
    kind: 'signed',
    open: signedStore,
    describe,
    stableHandle: false,
    expired: 'expired',
    foreign: 'mh_AAAAAAAAAAAAAAAAAAAAAAAA',
  },
  {
    kind: 'redis',
    open: redisStore,
    describe: withRedis,
    stableHandle: true,
    expired: 'unknown',
    foreign:
      'eyJhbGciOiJIUzI1NiJ9.eyJzdCI6e319.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  },
];

const TALLY: HandleScope = { purpose: 'tally', owner: 'alice' };
const ADD_ONE: HandleChange = { increment: { n: { by: 1, min: 0, max: 3 } } };
const refusedAs = (reason: HandleFailure) =>
  expect.objectContaining({ name: 'HandleError', reason });

// One contract, every store: tools never learn which one holds their state.
for (const store of STORES)
  store.describe(`the ${store.kind} handle store`, () => {
    let handles: HandleStore;
    if (store.kind === 'redis') {
      beforeAll(ensureSharedRedis);
      afterAll(() => deleteKeys(PREFIX));
    }

    it('opens', async () => {
      handles = await store.open();
      expect(handles.kind).toBe(store.kind);
      await expect(handles.ping()).resolves.toBeUndefined();
    });

    it('reads back what it minted, until the lifetime it was given', async () => {
      const before = Date.now();
      const minted = await handles.create(
        TALLY,
        { n: 0, label: 'x', on: true, gone: null },
        600,
      );
      expect(minted.state).toEqual({ n: 0, label: 'x', on: true, gone: null });
      const read = await handles.read(TALLY, minted.handle);
      expect(read.state).toEqual(minted.state);
      expect(read.handle).toBe(minted.handle);
      const lifetime = read.expiresAt.getTime() - before;
      expect(lifetime).toBeGreaterThan(598_000);
      expect(lifetime).toBeLessThanOrEqual(601_000);
    });

    it('applies increments and assignments together and renews the lifetime', async () => {
      const minted = await handles.create(TALLY, { n: 1, label: 'a' }, 60);
      const updated = await handles.update(
        TALLY,
        minted.handle,
        {
          increment: {
            n: { by: 2, min: 0, max: 9 },
            m: { by: -1, min: -5, max: 5 },
          },
          set: { label: 'b' },
        },
        600,
      );
      expect(updated.state).toEqual({ n: 3, m: -1, label: 'b' });
      expect(updated.handle === minted.handle).toBe(store.stableHandle);
      expect(updated.expiresAt.getTime()).toBeGreaterThan(Date.now() + 598_000);
      await expect(handles.read(TALLY, updated.handle)).resolves.toMatchObject({
        state: { n: 3, m: -1, label: 'b' },
      });
    });

    it('changes nothing when an increment would leave its range', async () => {
      const minted = await handles.create(TALLY, { n: 3, label: 'a' }, 60);
      await expect(
        handles.update(
          TALLY,
          minted.handle,
          {
            increment: {
              m: { by: 1, min: 0, max: 9 },
              n: { by: 1, min: 0, max: 3 },
            },
            set: { label: 'b' },
          },
          60,
        ),
      ).rejects.toEqual(refusedAs('out-of-range'));
      await expect(handles.read(TALLY, minted.handle)).resolves.toMatchObject({
        state: { n: 3, label: 'a' },
      });
    });

    test.each([
      ['a string', 'x'],
      ['a fraction', 1.5],
      ['null', null],
    ])(
      'refuses to increment a field holding %s, changing nothing',
      async (_what, value) => {
        const minted = await handles.create(TALLY, { n: value, k: 0 }, 60);
        const change: HandleChange = {
          increment: {
            k: { by: 1, min: 0, max: 9 },
            n: { by: 1, min: -9, max: 9 },
          },
        };
        await expect(
          handles.update(TALLY, minted.handle, change, 60),
        ).rejects.toEqual(refusedAs('invalid'));
        await expect(handles.read(TALLY, minted.handle)).resolves.toMatchObject(
          {
            state: { n: value, k: 0 },
          },
        );
      },
    );

    test.each<[string, HandleScope]>([
      ['another purpose', { purpose: 'votes', owner: 'alice' }],
      ['another owner', { purpose: 'tally', owner: 'bob' }],
      ['no owner', { purpose: 'tally' }],
    ])(
      'refuses the handle for %s, on read and on update',
      async (_what, scope) => {
        const minted = await handles.create(TALLY, { n: 0 }, 60);
        await expect(handles.read(scope, minted.handle)).rejects.toEqual(
          refusedAs('invalid'),
        );
        await expect(
          handles.update(scope, minted.handle, ADD_ONE, 60),
        ).rejects.toEqual(refusedAs('invalid'));
        await expect(handles.read(TALLY, minted.handle)).resolves.toMatchObject(
          {
            state: { n: 0 },
          },
        );
      },
    );

    test.each([
      ['garbage', 'not a handle'],
      ['an empty string', ''],
      ['an oversized token', 'a'.repeat(5000)],
      ["the other store's handle", store.foreign],
    ])('refuses %s as malformed', async (_what, handle) => {
      await expect(handles.read(TALLY, handle)).rejects.toEqual(
        refusedAs('malformed'),
      );
      await expect(
        handles.update(TALLY, handle, ADD_ONE, 60),
      ).rejects.toBeInstanceOf(HandleError);
    });

    it('refuses a handle past its lifetime', async () => {
      const minted = await handles.create(TALLY, { n: 0 }, 1);
      const refusal = await waitFor(
        () =>
          handles.read(TALLY, minted.handle).then(
            () => undefined, // still alive
            (err: unknown) => err,
          ),
        { what: 'the one-second handle to expire' },
      );
      expect(refusal).toEqual(refusedAs(store.expired));
      await expect(
        handles.update(TALLY, minted.handle, ADD_ONE, 60),
      ).rejects.toEqual(refusedAs(store.expired));
    });

    it('never echoes the handle or its state in a refusal', async () => {
      const minted = await handles.create(TALLY, { secret: 'swordfish' }, 60);
      const refusal = await handles
        .read({ purpose: 'other' }, minted.handle)
        .catch((err: HandleError) => err);
      expect(refusal).toBeInstanceOf(HandleError);
      const shown = JSON.stringify({
        message: (refusal as HandleError).message,
        details: (refusal as HandleError).details,
      });
      expect(shown).not.toContain('swordfish');
      expect(shown).not.toContain(minted.handle);
    });
  });

describe('what only one store promises', () => {
  it('signed: a deployment with other keys refuses the handle', async () => {
    const minted = await (await signedStore()).create(TALLY, { n: 0 }, 60);
    const other = await signedStore(
      `k2:${Buffer.alloc(32, 2).toString('base64')}`,
    );
    await expect(other.read(TALLY, minted.handle)).rejects.toEqual(
      refusedAs('invalid'),
    );
  });

  it('redis: an unreachable backend is "unavailable, retry", never a crash', async () => {
    const client = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    clients.push(client);
    const store = new RedisHandleStore(client, PREFIX);
    const refused = expect.objectContaining({
      reason: 'unavailable',
      details: { reason: 'unavailable', retryable: true },
    });
    await expect(store.create(TALLY, { n: 0 }, 60)).rejects.toEqual(refused);
    await expect(
      store.read(TALLY, 'mh_AAAAAAAAAAAAAAAAAAAAAAAA'),
    ).rejects.toEqual(refused);
    await expect(
      store.update(TALLY, 'mh_AAAAAAAAAAAAAAAAAAAAAAAA', ADD_ONE, 60),
    ).rejects.toEqual(refused);
  });
});

withRedis('what only the Redis store promises', () => {
  beforeAll(ensureSharedRedis);

  it('concurrent updates of one handle lose nothing', async () => {
    const store = await redisStore();
    const minted = await store.create(TALLY, { n: 0 }, 60);
    const add = { increment: { n: { by: 1, min: 0, max: 1000 } } };
    await Promise.all(
      Array.from({ length: 25 }, () =>
        store.update(TALLY, minted.handle, add, 60),
      ),
    );
    await expect(store.read(TALLY, minted.handle)).resolves.toMatchObject({
      state: { n: 25 },
    });
  });
});
