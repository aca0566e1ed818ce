import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { validateEnv } from '../src/config/validate-env.js';
import { HandlesEnvironment } from '../src/handles/handles.env.js';
import { RedisConnectionFactory } from '../src/redis/redis-connection.factory.js';
import type { RedisCredential } from '../src/redis/redis-credential.interface.js';
import { RedisEnvironment } from '../src/redis/redis.env.js';
import { RedisHandleStore } from '../src/handles/redis/redis-handle.store.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis.js';
import { requireTool } from './support/system-tools.js';
import { waitFor } from './support/wait-for.js';

/**
 * Stands in for Microsoft Entra ID: Azure Managed Redis accepts the identity's object id as user and
 * a short-lived token as password. A private Redis with an ACL user plays the server side.
 */
class RotatingCredential implements RedisCredential {
  token = 'token-1';
  calls = 0;
  async getToken() {
    this.calls++;
    return { token: this.token, expiresOnTimestamp: Date.now() + 2_000 };
  }
}

// This file's one group needs redis-server: skipped with a line saying so when it is missing.
const describe = requireTool(
  'redis-server',
  'Redis with expiring credentials (a private redis-server)',
);
describe('Redis with expiring credentials (REDIS_AUTH=entra)', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url);
    await admin.acl(
      'SETUSER',
      'app-identity',
      'on',
      '>token-1',
      '~*',
      '&*',
      '+@all',
    );
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  it('authenticates with the token and re-authenticates with a fresh one before the old expires', async () => {
    const env = validateEnv(RedisEnvironment, {
      REDIS_URL: redis.url,
      REDIS_AUTH: 'entra',
      REDIS_USERNAME: 'app-identity',
    });
    const credential = new RotatingCredential();
    const factory = new RedisConnectionFactory(env, credential);
    try {
      const store = new RedisHandleStore(
        await factory.connect('handles'),
        'entra:',
      );
      const scope = { purpose: 'tally' };
      const { handle } = await store.create(scope, { total: 1 }, 60);
      expect(await admin.client('LIST')).toContain('user=app-identity');

      // The identity's token rotates: the server now accepts only the new one.
      credential.token = 'token-2';
      await admin.acl('SETUSER', 'app-identity', 'resetpass', '>token-2');
      // The factory renews at 80 % of the token's 2 s life, but not sooner than 5 s after.
      await waitFor(() => credential.calls >= 2, {
        what: 'the factory to ask for a fresh token',
      });
      expect(credential.calls).toBe(2);
      // Dropped connections come back with the fresh token, not the revoked one.
      await admin.client('KILL', 'USER', 'app-identity');
      const record = await waitFor(
        () =>
          store
            .update(
              scope,
              handle,
              { increment: { total: { by: 1, min: 0, max: 9 } } },
              60,
            )
            .catch(() => undefined), // still reconnecting
        { what: 'an update over a connection re-opened with the fresh token' },
      );
      expect(record).toMatchObject({ state: { total: 2 } });
    } finally {
      factory.onApplicationShutdown();
    }
  });

  it('refuses to boot with entra auth but no Redis user to authenticate as', () => {
    expect(() =>
      validateEnv(RedisEnvironment, {
        REDIS_URL: redis.url,
        REDIS_AUTH: 'entra',
      }),
    ).toThrow(/REDIS_USERNAME/);
  });

  it('refuses to boot with the Redis backend but no usable REDIS_URL, never printing it', () => {
    expect(() =>
      validateEnv(HandlesEnvironment, { HANDLE_BACKEND: 'redis' }),
    ).toThrow(/REDIS_URL/);
    const attempt = () =>
      validateEnv(HandlesEnvironment, {
        HANDLE_BACKEND: 'redis',
        REDIS_URL: 'http://user:s3cret@host',
      });
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).not.toThrow(/s3cret/);
  });
});
