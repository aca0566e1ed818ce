import { describe, expect, it } from '@jest/globals';
import { countPrimes } from './count-primes.js';

describe(countPrimes.name, () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [100, 25],
    [5000, 669],
    [20000, 2262],
    [50000, 5133],
  ])('counts the primes <= %i exactly (%i)', (limit, count) => {
    expect(countPrimes(limit)).toBe(count);
  });
});
