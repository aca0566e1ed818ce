import { describe, expect, it } from '@jest/globals';
import { applyChange } from './handle-change.js';
import { HandleError } from './handle.error.js';

describe(applyChange.name, () => {
  it('increments within bounds, starts missing fields at 0 and sets values', () => {
    const next = applyChange(
      { a: 1, s: 'x' },
      {
        increment: {
          a: { by: 2, min: 0, max: 9 },
          b: { by: -1, min: -5, max: 5 },
        },
        set: { s: 'y' },
      },
    );
    expect(next).toEqual({ a: 3, b: -1, s: 'y' });
  });

  it('changes nothing when any increment leaves its range', () => {
    const state = Object.freeze({ a: 1, b: 9 });
    const attempt = () =>
      applyChange(state, {
        increment: {
          a: { by: 1, min: 0, max: 9 },
          b: { by: 1, min: 0, max: 9 },
        },
      });
    expect(attempt).toThrow(HandleError);
    expect(attempt).toThrow(
      expect.objectContaining({ reason: 'out-of-range' }),
    );
    expect(state).toEqual({ a: 1, b: 9 });
  });

  it.each([
    ['a string', 'x'],
    ['a fraction', 1.5],
    ['null', null],
  ])('refuses to increment a field holding %s', (_what, value) => {
    expect(() =>
      applyChange(
        { s: value },
        { increment: { s: { by: 1, min: 0, max: 9 } } },
      ),
    ).toThrow(expect.objectContaining({ reason: 'invalid' }));
  });
});
