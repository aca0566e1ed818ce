import { describe, expect, it } from '@jest/globals';
import { quote } from './quote.js';

describe(quote.name, () => {
  it('shortens long values before they are echoed in an error', () => {
    expect(quote('x'.repeat(500))).toHaveLength(80);
    expect(quote(5)).toBe('5');
  });

  it('quotes a missing body value instead of throwing (found by the fuzz suite)', () => {
    expect(quote(undefined)).toBe('undefined');
  });
});
