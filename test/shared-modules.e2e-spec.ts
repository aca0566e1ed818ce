import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { requireTool } from './support/system-tools.js';
import { SigningKeyRing } from '../src/keys/signing-key.ring.js';
import { RedisConnectionFactory } from '../src/redis/redis-connection.factory.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';

const PREFIX = uniquePrefix('shared-modules');

/**
 * Handles, MRTR and list-change pub/sub each import `KeysModule` and `RedisModule` themselves; Nest
 * builds a module once per class, so the whole app must still load one key ring and open every
 * Redis connection through one factory (which alone closes them at shutdown).
 */
const withRedis = requireTool('redis', 'modules imported from several places');
withRedis('modules imported from several places', () => {
  let t: TestServer;
  const fromEnv = jest.spyOn(SigningKeyRing, 'fromEnv');
  const connect = jest.spyOn(RedisConnectionFactory.prototype, 'connect');
  const forJobs = jest.spyOn(
    RedisConnectionFactory.prototype,
    'connectForJobs',
  );

  beforeAll(async () => {
    await ensureSharedRedis();
    t = await startApp({
      HANDLE_BACKEND: 'redis',
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
    });
  });
  afterAll(async () => {
    await t?.close();
    fromEnv.mockRestore();
    connect.mockRestore();
    forJobs.mockRestore();
    await deleteKeys(PREFIX);
  });

  it('load the signing keys once', () => {
    expect(fromEnv).toHaveBeenCalledTimes(1);
  });

  it('open the handle store, pub/sub, task store and task queue connections through one factory', () => {
    const roles = connect.mock.calls.map(([role]) => role);
    expect(roles.sort()).toEqual([
      'handles',
      'publish',
      'subscribe',
      'tasks',
      'tasks-index',
      'tasks-signal',
    ]);
    // BullMQ's queue and worker (whose blocking connection BullMQ duplicates from it).
    expect(forJobs.mock.calls.map(([role]) => role).sort()).toEqual([
      'tasks-queue',
      'tasks-worker',
    ]);
    expect(
      new Set([...connect.mock.contexts, ...forJobs.mock.contexts]).size,
    ).toBe(1);
  });
});
