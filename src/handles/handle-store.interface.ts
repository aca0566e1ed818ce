import { Inject } from '@nestjs/common';

/** A value a handle's state may hold: handles carry small, flat state. */
export type HandleScalar = string | number | boolean | null;

/** The state of one handle. */
export type HandleState = Readonly<Record<string, HandleScalar>>;

/** What a store returns for a handle it minted, opened or updated. */
export interface HandleRecord {
  /** What the client passes back next time (a new token per change with the signed store). */
  readonly handle: string;
  readonly state: HandleState;
  readonly expiresAt: Date;
}

/** One bounded integer increment: the whole update fails, changing nothing, if it leaves the range. */
export interface HandleIncrement {
  readonly by: number;
  readonly min: number;
  readonly max: number;
}

/** A change applied atomically: every increment and assignment, or none. */
export interface HandleChange {
  readonly increment?: Readonly<Record<string, HandleIncrement>>;
  readonly set?: Readonly<Record<string, HandleScalar>>;
}

/**
 * Who a handle is for. `purpose` keeps a handle minted by one tool from being replayed into another;
 * `owner` (the authenticated subject, when there is one) keeps one caller's handle from another.
 */
export interface HandleScope {
  readonly purpose: string;
  readonly owner?: string;
}

/**
 * Where handle state lives. Implementations: `SignedHandleStore` (the state travels inside a signed
 * token) and `RedisHandleStore` (server-side, under a random id); an application may plug in its own
 * (`handles.store` of `McpModule`). Every method throws `HandleError`
 * for a handle it will not accept and when it cannot reach its backend; tools never see which store
 * is in use.
 */
export interface HandleStore {
  /**
   * `signed`, `redis`, or an application's store's own name: for the status page and logs, never for
   * tools to branch on.
   */
  readonly kind: string;
  create(
    scope: HandleScope,
    state: HandleState,
    ttlSeconds: number,
  ): Promise<HandleRecord>;
  read(scope: HandleScope, handle: string): Promise<HandleRecord>;
  /** Applies `change` atomically and renews the lifetime: concurrent updates lose nothing. */
  update(
    scope: HandleScope,
    handle: string,
    change: HandleChange,
    ttlSeconds: number,
  ): Promise<HandleRecord>;
  /** Resolves when the backend answers (readiness). */
  ping(): Promise<void>;
}

/** Injection token of the configured `HandleStore` (same name as the interface, like Nest's throttler storage). */
export const HandleStore = Symbol('HandleStore');

/** Injects the configured `HandleStore`. */
export const InjectHandleStore = (): ParameterDecorator => Inject(HandleStore);
