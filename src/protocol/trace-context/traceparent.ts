import type { IncomingHttpHeaders } from 'node:http';

// W3C Trace Context §3.2: version-traceid-parentid-flags, lower-case hex; later versions may append
// fields after another dash, version 00 may not.
const TRACEPARENT =
  /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** The trace id of a valid W3C `traceparent` value, or undefined for anything else. */
export function traceIdOf(traceparent: unknown): string | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined))
    return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return traceId;
}

/**
 * The trace the caller says this request belongs to: `params._meta.traceparent` (SEP-414) when valid,
 * else the HTTP `traceparent` header. Used when no tracer runs, so tools still see the caller's trace.
 */
export function callerTraceId(
  meta: Readonly<Record<string, unknown>>,
  headers: IncomingHttpHeaders,
): string | undefined {
  return traceIdOf(meta.traceparent) ?? traceIdOf(headers.traceparent);
}
