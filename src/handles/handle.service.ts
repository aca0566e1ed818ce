import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import { HandlesEnvironment } from './handles.env.js';
import type {
  HandleChange,
  HandleRecord,
  HandleScope,
  HandleState,
} from './handle-store.interface.js';
import { HandleStore, InjectHandleStore } from './handle-store.interface.js';

/** What a handle is bound to, from the call that uses it: the authenticated caller, if any. */
export interface HandleCaller {
  readonly principal?: { readonly subject: string };
}

/** A purpose names the kind of handle: lower-case words, e.g. `tally`. */
const PURPOSE = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * The only thing tools use for state that outlives a call: MCP has no sessions (SEP-2567), state
 * travels in explicit handles
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#stateful-tools). Mint a
 * handle for a purpose, open it, update it; the configured `HandleStore` decides where the state
 * lives, and every instance can continue every handle. A handle is bound to its purpose and, when
 * the server authenticates callers, to the caller. Failures are `HandleError`s (tool errors with an
 * actionable message).
 */
@Injectable()
export class HandleService implements OnModuleInit {
  /** Lifetime of a handle after its last use. */
  readonly ttlSeconds: number;

  constructor(
    @InjectHandleStore() private readonly store: HandleStore,
    private readonly readiness: ReadinessRegistry,
    env: HandlesEnvironment,
  ) {
    this.ttlSeconds = env.HANDLE_TTL_SECONDS;
  }

  /** `signed` or `redis`, for operators (status page); tools must not branch on it. */
  get backend(): HandleStore['kind'] {
    return this.store.kind;
  }

  onModuleInit(): void {
    // Only a store with a backend can be down; signed handles need nothing outside the process.
    if (this.store.kind !== 'signed')
      this.readiness.register('handle-store', () => this.store.ping());
  }

  /** Starts a new handle holding `state`. */
  mint(
    purpose: string,
    state: HandleState,
    caller?: HandleCaller,
  ): Promise<HandleRecord> {
    return this.store.create(scopeOf(purpose, caller), state, this.ttlSeconds);
  }

  /** Verifies a handle and reads its state. */
  open(
    purpose: string,
    handle: string,
    caller?: HandleCaller,
  ): Promise<HandleRecord> {
    return this.store.read(scopeOf(purpose, caller), handle);
  }

  /**
   * Applies `change` atomically and renews the handle's lifetime; returns the handle to pass back
   * next time (a new token with signed handles, the same id with Redis).
   */
  update(
    purpose: string,
    handle: string,
    change: HandleChange,
    caller?: HandleCaller,
  ): Promise<HandleRecord> {
    for (const { by, min, max } of Object.values(change.increment ?? {})) {
      if (![by, min, max].every(Number.isSafeInteger))
        throw new RangeError(
          'Handle increments and bounds must be safe integers',
        );
    }
    return this.store.update(
      scopeOf(purpose, caller),
      handle,
      change,
      this.ttlSeconds,
    );
  }
}

function scopeOf(purpose: string, caller?: HandleCaller): HandleScope {
  if (!PURPOSE.test(purpose))
    throw new RangeError(`Invalid handle purpose: ${purpose}`);
  const owner = caller?.principal?.subject;
  return owner === undefined ? { purpose } : { purpose, owner };
}
