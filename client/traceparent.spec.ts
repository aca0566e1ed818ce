import { describe, expect, it } from '@jest/globals';
import { newTraceparent, parseTraceparent } from './traceparent.js';

describe('traceparent (W3C Trace Context, SEP-414)', () => {
  it('is version 00, sampled, with fresh trace and span ids every time', () => {
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const tp = newTraceparent();
      expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const ctx = parseTraceparent(tp)!;
      expect(ctx.sampled).toBe(true);
      traces.add(ctx.traceId);
      spans.add(ctx.spanId);
    }
    expect([traces.size, spans.size]).toEqual([50, 50]);
  });

  it('rejects malformed and all-zero values', () => {
    expect(
      parseTraceparent('00-' + '0'.repeat(32) + '-b7ad6b7169203331-01'),
    ).toBeUndefined();
    expect(
      parseTraceparent(
        '00-0af7651916cd43dd8448eb211c80319c-' + '0'.repeat(16) + '-01',
      ),
    ).toBeUndefined();
    expect(
      parseTraceparent(
        '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      ),
    ).toBeUndefined();
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(
      parseTraceparent(
        '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
      )!.sampled,
    ).toBe(false);
  });
});
