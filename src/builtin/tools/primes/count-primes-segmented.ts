/**
 * Counts the primes <= limit with a segmented, odd-only sieve of Eratosthenes, in bounded memory:
 * the base primes up to sqrt(limit) plus one segment of at most 1 MiB, whatever the limit (10^11 included).
 * Byte i of the sieve stands for the odd number 2i + 1; multiples of 3, 5, 7, 11 and 13 are
 * stamped from a precomputed pattern instead of being crossed out one by one.
 *
 * All arithmetic stays in doubles and small integers (safe up to 2^53): no BigInt in the hot loop.
 * Self-contained on purpose: its source is shipped to worker threads as-is, so it must not
 * reference anything outside its own body.
 *
 * @param onProgress called with (numbers sieved so far, limit, primes among them) at most every
 *   `progressEveryMs` and once at the end. A (done, count) pair it reported before the end is a
 *   checkpoint: passing it back as `from` continues the count from there, to the same result.
 * @param from a checkpoint to continue from (`done` numbers sieved, `count` primes found in them).
 */
export function countPrimesSegmented(
  limit: number,
  onProgress?: (done: number, total: number, count: number) => void,
  progressEveryMs = 250,
  from?: { readonly done: number; readonly count: number },
): number {
  if (limit < 2) return 0;
  if (from && from.done >= limit) return from.count;
  const indices = Math.floor((limit + 1) / 2); // odd numbers 1, 3, …, <= limit
  // Odd numbers per segment: 2^20 bytes (1 MiB) at most, a multiple of 4 for the word count below.
  const SEGMENT = Math.min(1 << 20, Math.ceil(indices / 4) * 4);
  // The pre-sieved primes and the period of their pattern in index space (3·5·7·11·13).
  const WHEEL = [3, 5, 7, 11, 13];
  const PERIOD = 15015;

  let root = Math.floor(Math.sqrt(limit));
  while (root * root > limit) root--;
  while ((root + 1) * (root + 1) <= limit) root++;

  // Odd base primes above the wheel, up to sqrt(limit).
  const small = new Uint8Array(root + 1);
  const base: number[] = [];
  for (let i = 3; i <= root; i += 2) {
    if (small[i] !== 0) continue;
    if (i > 13) base.push(i);
    for (let j = i * i; j <= root; j += 2 * i) small[j] = 1;
  }
  const primes = Int32Array.from(base);
  // Where each base prime crosses out next, relative to the current segment's start.
  const offset = new Int32Array(primes.length);

  // The wheel pattern, long enough that any segment is one copy of a slice of it. It marks the
  // wheel primes themselves too (to stay periodic); they are counted up front instead.
  const pattern = new Uint8Array(PERIOD + SEGMENT);
  for (const p of WHEEL)
    for (let i = (p - 1) / 2; i < pattern.length; i += p) pattern[i] = 1;

  const segment = new Uint8Array(SEGMENT);
  const words = new Int32Array(segment.buffer);
  let count = 1; // 2
  for (const p of WHEEL) if (p <= limit) count++;
  // A checkpoint covers the odd numbers below \`done\` (index done / 2 on), 2 and the wheel included.
  const start = from ? Math.floor(from.done / 2) : 0;
  if (from) count = from.count;
  let active = 0;
  let reported = Date.now();

  for (let low = start; low < indices; low += SEGMENT) {
    const size = Math.min(SEGMENT, indices - low);
    const phase = low % PERIOD;
    segment.set(pattern.subarray(phase, phase + SEGMENT));
    if (low === 0) segment[0] = 1; // 1 is not prime
    // Base primes join once their square (index (p² - 1) / 2) falls in this segment; resuming past
    // it, at their next odd multiple (indices ≡ first mod p).
    while (active < primes.length) {
      const p = primes[active];
      const first = (p * p - 1) / 2;
      if (first >= low + size) break;
      offset[active++] =
        first >= low ? first - low : (p - ((low - first) % p)) % p;
    }
    for (let k = 0; k < active; k++) {
      const p = primes[k];
      let j = offset[k];
      for (; j < size; j += p) segment[j] = 1;
      offset[k] = j - size;
    }
    if (size < SEGMENT) segment.fill(1, size);
    // Sum the 0/1 bytes four at a time; 127 words keep every byte lane below 256 and the sum in int32.
    let composites = 0;
    for (let w = 0; w < words.length;) {
      const end = Math.min(w + 127, words.length);
      let lanes = 0;
      for (; w < end; w++) lanes += words[w];
      lanes = (lanes & 0x00ff00ff) + ((lanes >>> 8) & 0x00ff00ff);
      composites += (lanes & 0xffff) + (lanes >>> 16);
    }
    count += SEGMENT - composites;
    if (onProgress) {
      const now = Date.now();
      const last = low + size >= indices;
      if (last || now - reported >= progressEveryMs) {
        reported = now;
        onProgress(last ? limit : 2 * (low + size), limit, count);
      }
    }
  }
  return count;
}
