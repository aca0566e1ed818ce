import { JsonRpcErrorCode } from './json-rpc-error-code.js';
import { JsonRpcError } from './json-rpc.error.js';

/** Whose capacity ran out: this instance's (HTTP 503) or the caller's own share (HTTP 429). */
export type BusyScope = 'instance' | 'caller';

/** What `ServerBusyError` carries besides its message. */
export interface BusyDetails {
  /** Why, in a word a client or a dashboard can group by (`event-loop`, `primes-pool`, …). */
  readonly reason: string;
  /** When a retry may succeed, in ms; sent as `Retry-After` in whole seconds (at least 1). */
  readonly retryAfterMs?: number;
  /** Default `instance`. */
  readonly scope?: BusyScope;
  /** More fields for `error.data` (a limit, say); never anything secret. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** The retry hint of a busy answer when the raiser gives none. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * The one answer for "busy, nothing was done, retry later", whatever ran out: the instance refusing
 * a request under overload, a full worker pool, a full task queue, the listen-stream caps. A
 * JSON-RPC error -32603 (the spec has no overload code and keeps -32020..-32099 for itself:
 * https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes) over HTTP 503
 * (RFC 9110 §15.6.4) or, for the caller's own share, 429 (RFC 6585 §4), always with `Retry-After`
 * (RFC 9110 §10.2.3) and `error.data = { retryable: true, retryAfterMs, scope, reason, … }`.
 *
 * A tool throws it from `execute` when it cannot start for lack of capacity: the call is then
 * answered like a refused request, not as a tool result with `isError` (which says the work ran and
 * failed). In a task it ends the task `failed` with this same error object.
 */
export class ServerBusyError extends JsonRpcError {
  override readonly name = 'ServerBusyError';
  /** Whole seconds for `Retry-After`. */
  readonly retryAfterSeconds: number;

  constructor(message: string, details: BusyDetails) {
    const retryAfterMs = details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
    const scope = details.scope ?? 'instance';
    super(
      JsonRpcErrorCode.InternalError,
      message,
      busyData(details.reason, retryAfterMs, scope, details.data),
      scope === 'caller' ? 429 : 503,
    );
    this.retryAfterSeconds = retryAfterSecondsOf(retryAfterMs);
  }
}

/** `error.data` of every busy answer. */
export function busyData(
  reason: string,
  retryAfterMs: number,
  scope: BusyScope,
  extra?: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return { retryable: true, retryAfterMs, scope, reason, ...extra };
}

/** `Retry-After` takes whole seconds; a hint below one second still says 1. */
export function retryAfterSecondsOf(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
