import { describe, expect, it } from '@jest/globals';
import { callerTraceId, traceIdOf } from './traceparent.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const VALID = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe(traceIdOf.name, () => {
  it('reads the trace id of a valid traceparent, sampled or not', () => {
    expect(traceIdOf(VALID)).toBe(TRACE_ID);
    expect(traceIdOf(`00-${TRACE_ID}-00f067aa0ba902b7-00`)).toBe(TRACE_ID);
    // A later version may carry more fields (W3C Trace Context §3.2.4).
    expect(traceIdOf(`01-${TRACE_ID}-00f067aa0ba902b7-01-extra`)).toBe(
      TRACE_ID,
    );
  });

  it.each([
    ['not a string', 42],
    ['upper-case hex', VALID.toUpperCase()],
    ['version ff', `ff-${TRACE_ID}-00f067aa0ba902b7-01`],
    ['version 00 with extra fields', `${VALID}-extra`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-00f067aa0ba902b7-01`],
  ])('rejects %s', (_, value) => {
    expect(traceIdOf(value)).toBeUndefined();
  });
});

describe(callerTraceId.name, () => {
  const other = `00-${'a'.repeat(32)}-00f067aa0ba902b7-01`;

  it('prefers _meta.traceparent and falls back to the HTTP header', () => {
    expect(callerTraceId({ traceparent: VALID }, { traceparent: other })).toBe(
      TRACE_ID,
    );
    expect(callerTraceId({}, { traceparent: other })).toBe('a'.repeat(32));
    expect(
      callerTraceId({ traceparent: 'garbage' }, { traceparent: other }),
    ).toBe('a'.repeat(32));
    expect(callerTraceId({}, {})).toBeUndefined();
  });
});
