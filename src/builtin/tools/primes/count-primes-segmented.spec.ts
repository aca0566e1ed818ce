import { describe, expect, it } from '@jest/globals';
import { countPrimesSegmented } from './count-primes-segmented.js';
import { countPrimes } from './count-primes.js';

// One segment holds 2^20 odd numbers, i.e. it spans 2^21 integers.
const SPAN = 2 ** 21;

describe(countPrimesSegmented.name, () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 2],
    [13, 6],
    [100, 25],
    [50_000, 5133],
  ])('counts the primes <= %i exactly (%i)', (limit, count) => {
    expect(countPrimesSegmented(limit)).toBe(count);
  });

  it('agrees with the plain sieve for every limit up to 400 (the wheel and its primes)', () => {
    for (let limit = 0; limit <= 400; limit++)
      expect([limit, countPrimesSegmented(limit)]).toEqual([
        limit,
        countPrimes(limit),
      ]);
  });

  it.each([SPAN - 1, SPAN, SPAN + 1, SPAN + 2, 2 * SPAN + 1, 3 * SPAN - 3])(
    'agrees with the plain sieve across a segment boundary (%i)',
    (limit) => {
      expect(countPrimesSegmented(limit)).toBe(countPrimes(limit));
    },
  );

  it.each([
    [1_000_000, 78_498],
    [10_000_000, 664_579],
    [100_000_000, 5_761_455],
    [1_000_000_000, 50_847_534],
  ])('matches the known pi(%i) = %i', (limit, count) => {
    expect(countPrimesSegmented(limit)).toBe(count);
  });

  it('reports progress in rising steps that end at the limit', () => {
    const seen: [number, number][] = [];
    const limit = 50_000_000;
    countPrimesSegmented(limit, (done, total) => seen.push([done, total]), 0);
    expect(seen.length).toBe(Math.ceil(limit / SPAN));
    expect(seen.at(-1)).toEqual([limit, limit]);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
      expect(seen[i][1]).toBe(limit);
    }
  });

  it('reports with each step the primes counted so far: pi(done)', () => {
    const limit = 5 * SPAN + 12_345;
    const seen: [number, number][] = [];
    countPrimesSegmented(
      limit,
      (done, _total, count) => seen.push([done, count]),
      0,
    );
    for (const [done, count] of seen) expect(count).toBe(countPrimes(done));
  });

  it.each([3 * SPAN + 7, 5 * SPAN + 12_345, 20 * SPAN + 3])(
    'resumes from every checkpoint to the same count (%i)',
    (limit) => {
      const checkpoints: { done: number; count: number }[] = [];
      const whole = countPrimesSegmented(
        limit,
        (done, _total, count) => checkpoints.push({ done, count }),
        0,
      );
      expect(checkpoints.length).toBeGreaterThan(2);
      for (const from of checkpoints)
        expect(countPrimesSegmented(limit, undefined, 0, from)).toBe(whole);
    },
  );

  it('keeps reporting rising progress after a resume', () => {
    const limit = 6 * SPAN;
    const first: { done: number; count: number }[] = [];
    countPrimesSegmented(
      limit,
      (done, _t, count) => first.push({ done, count }),
      0,
    );
    const from = first[2];
    const after: number[] = [];
    countPrimesSegmented(limit, (done) => after.push(done), 0, from);
    expect(after[0]).toBeGreaterThan(from.done);
    for (let i = 1; i < after.length; i++)
      expect(after[i]).toBeGreaterThan(after[i - 1]);
    expect(after.at(-1)).toBe(limit);
  });
});
