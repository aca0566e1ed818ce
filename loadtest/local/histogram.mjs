// A latency histogram of fixed size: a soak of any length keeps the same memory and its report
// costs the same, instead of an array holding every sample (which a long run turned into
// `Maximum call stack size exceeded` when spread into Math.max).

/** Smallest value told apart (ms); anything below is counted in the first bucket. */
const FLOOR_MS = 0.01;
/**
 * Each bucket's upper bound is this factor times its lower bound. A quantile is reported as the
 * bucket's geometric midpoint, so it is within √1.02 − 1 ≈ 1 % of the true sample.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

/** Counts of samples in log-spaced buckets, with the exact count, sum, min and max. */
export class LatencyHistogram {
  constructor() {
    /** @type {Map<number, number>} bucket index → count (only buckets that were hit) */
    this.buckets = new Map();
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** @param {Iterable<number>} values */
  static of(values) {
    const h = new LatencyHistogram();
    for (const v of values) h.record(v);
    return h;
  }

  /** @param {number} ms one latency; non-finite or negative values are ignored */
  record(ms) {
    if (!Number.isFinite(ms) || ms < 0) return;
    const i = LatencyHistogram.indexOf(ms);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + 1);
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  /** @param {LatencyHistogram} other adds its samples to this one */
  merge(other) {
    for (const [i, n] of other.buckets)
      this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /**
   * Nearest-rank quantile, within about 1 % of the exact one (exact at q = 1: the max).
   * @param {number} q in (0, 1]
   */
  quantile(q) {
    if (this.count === 0) return NaN;
    const rank = Math.min(this.count, Math.max(1, Math.ceil(q * this.count)));
    if (rank === this.count) return this.max;
    let seen = 0;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += /** @type {number} */ (this.buckets.get(i));
      if (seen >= rank)
        return Math.min(
          this.max,
          Math.max(this.min, LatencyHistogram.midpointOf(i)),
        );
    }
    return this.max;
  }

  /**
   * Samples per coarse bucket: counts[k] holds those ≤ bounds[k] (and above the previous bound), the
   * last entry those above every bound. A fine bucket is placed by its midpoint.
   * @param {readonly number[]} bounds ascending upper bounds in ms
   */
  countsBy(bounds) {
    const counts = new Array(bounds.length + 1).fill(0);
    for (const [i, n] of this.buckets) {
      const mid = LatencyHistogram.midpointOf(i);
      const k = bounds.findIndex((b) => mid <= b);
      counts[k < 0 ? bounds.length : k] += n;
    }
    return counts;
  }

  /** @param {number} ms the index of the bucket (FLOOR·G^(i−1), FLOOR·G^i] holding ms */
  static indexOf(ms) {
    return ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / LOG_GROWTH);
  }

  /** @param {number} i the geometric midpoint of bucket i */
  static midpointOf(i) {
    return i === 0 ? FLOOR_MS : FLOOR_MS * GROWTH ** (i - 0.5);
  }
}
