/**
 * Counts the primes <= limit with a sieve of Eratosthenes. Self-contained on purpose: its source is
 * shipped to worker threads as-is, so it must not reference anything outside its own body.
 */
export function countPrimes(limit: number): number {
  if (limit < 2) return 0;
  const composite = new Uint8Array(limit + 1);
  let count = 0;
  for (let i = 2; i <= limit; i++) {
    if (composite[i] === 0) {
      count++;
      for (let j = i * i; j <= limit; j += i) composite[j] = 1;
    }
  }
  return count;
}
