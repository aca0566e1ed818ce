import { randomBytes } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { HandleError, type HandleFailure } from '../handle.error.js';
import type {
  HandleChange,
  HandleRecord,
  HandleScalar,
  HandleScope,
  HandleState,
  HandleStore,
} from '../handle-store.interface.js';
import { UPDATE_SCRIPT } from './update-handle.lua.js';

/** Handle ids: a recognisable prefix and 144 random bits, URL-safe. */
const ID = /^mh_[A-Za-z0-9_-]{24}$/;
const PURPOSE = '_p';
const OWNER = '_o';
const FIELD = 's:';

interface UpdateCommand {
  mcpUpdateHandle(
    key: string,
    ...args: (string | number)[]
  ): Promise<[string, ...string[]]>;
}

/**
 * Server-side handles in Redis: the client holds an opaque random id, the state is a hash with a
 * TTL, and every update runs as one Lua script (check purpose and owner, check bounds, apply, renew
 * the TTL), so concurrent calls on one handle from any number of instances lose nothing and a
 * refused update changes nothing. The id stays the same for the handle's whole life.
 */
export class RedisHandleStore implements HandleStore {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('mcpUpdateHandle', {
      numberOfKeys: 1,
      lua: UPDATE_SCRIPT,
    });
  }

  async create(
    scope: HandleScope,
    state: HandleState,
    ttlSeconds: number,
  ): Promise<HandleRecord> {
    const handle = `mh_${randomBytes(18).toString('base64url')}`;
    const fields: Record<string, string> = {
      [PURPOSE]: scope.purpose,
      [OWNER]: scope.owner ?? '',
    };
    for (const [name, value] of Object.entries(state))
      fields[FIELD + name] = JSON.stringify(value);
    const key = this.key(handle);
    await this.exec(
      this.redis.multi().hset(key, fields).expire(key, ttlSeconds),
    );
    return {
      handle,
      state,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    };
  }

  async read(scope: HandleScope, handle: string): Promise<HandleRecord> {
    const key = this.key(handle);
    const [hash, ttl] = (await this.exec(
      this.redis.multi().hgetall(key).pttl(key),
    )) as [Record<string, string>, number];
    if (!hash[PURPOSE]) throw new HandleError('unknown');
    if (hash[PURPOSE] !== scope.purpose || hash[OWNER] !== (scope.owner ?? ''))
      throw new HandleError('invalid');
    const state: Record<string, HandleScalar> = {};
    for (const [name, value] of Object.entries(hash))
      if (name.startsWith(FIELD))
        state[name.slice(FIELD.length)] = JSON.parse(value) as HandleScalar;
    return { handle, state, expiresAt: new Date(Date.now() + ttl) };
  }

  async update(
    scope: HandleScope,
    handle: string,
    change: HandleChange,
    ttlSeconds: number,
  ): Promise<HandleRecord> {
    const key = this.key(handle);
    const increments = Object.entries(change.increment ?? {});
    const sets = Object.entries(change.set ?? {});
    const args: (string | number)[] = [
      scope.purpose,
      scope.owner ?? '',
      ttlSeconds * 1000,
      increments.length,
    ];
    for (const [name, { by, min, max }] of increments)
      args.push(FIELD + name, by, min, max);
    for (const [name, value] of sets)
      args.push(FIELD + name, JSON.stringify(value));
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const [status, ...flat] = await this.run(() =>
      (this.redis as unknown as UpdateCommand).mcpUpdateHandle(key, ...args),
    );
    if (status !== 'ok') throw new HandleError(status as HandleFailure);
    const state: Record<string, HandleScalar> = {};
    for (let i = 0; i < flat.length; i += 2) {
      if (flat[i].startsWith(FIELD))
        state[flat[i].slice(FIELD.length)] = JSON.parse(
          flat[i + 1],
        ) as HandleScalar;
    }
    return { handle, state, expiresAt };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** @throws HandleError `malformed` for anything that is not one of our ids (a signed token, say). */
  private key(handle: string): string {
    if (!ID.test(handle)) throw new HandleError('malformed');
    return `${this.keyPrefix}handle:${handle}`;
  }

  /** Runs Redis work; any failure to get an answer means "unavailable, retry" (and changed nothing). */
  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch {
      throw new HandleError('unavailable');
    }
  }

  /** Runs a MULTI transaction and returns its replies; a failed command fails it all. */
  private exec(multi: ChainableCommander): Promise<unknown[]> {
    return this.run(async () => {
      // exec() resolves with [error, reply] pairs, or null when the transaction was discarded.
      const replies = await multi.exec();
      if (!replies || replies.some(([error]) => error))
        throw new Error('MULTI failed');
      return replies.map(([, reply]) => reply);
    });
  }
}
