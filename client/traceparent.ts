import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The parts of a W3C `traceparent` (version 00). */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

/** Random lower-case hex of `bytes` bytes, never all zeros (W3C forbids the zero ids). */
function randomId(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (/[^0]/.test(hex)) return hex;
  }
}

/** A fresh W3C `traceparent` (SEP-414): new trace id, new span id, sampled. */
export function newTraceparent(): string {
  return `00-${randomId(16)}-${randomId(8)}-01`;
}

/** Parses a version-00 `traceparent`; `undefined` when it is not one. */
export function parseTraceparent(value: string): TraceContext | undefined {
  const match = TRACEPARENT.exec(value);
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2]))
    return undefined;
  return {
    traceId: match[1],
    spanId: match[2],
    sampled: (parseInt(match[3], 16) & 1) === 1,
  };
}
