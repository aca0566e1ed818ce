// What the overload helpers share: latency histograms, per-second counters on a clock every process
// of a run agrees on (epoch milliseconds), the classification of answers, and the protocol of a
// helper process (one JSON argument in, one JSON result on stdout).
import { createHistogram, performance } from 'node:perf_hooks';

/** The epoch time in ms, to the microsecond: comparable across the processes of one machine. */
export const now = () => performance.timeOrigin + performance.now();

/** An admitted call answered later than this counts as slow in its second (the bench's bound). */
export const SLOW_MS = 250;

/** Statuses that refuse a call the caller may retry later: admission control's answers. */
export const REFUSED = new Set([503, 429]);

/**
 * Latencies in ms, kept in µs in node:perf_hooks' HDR histogram: constant memory, however many
 * calls a 60 s flood makes (https://nodejs.org/api/perf_hooks.html#perf_hookscreatehistogramoptions).
 */
export class Latencies {
  #histogram = createHistogram({ lowest: 1, highest: 3_600_000_000 });

  /** @param {number} ms */
  record(ms) {
    this.#histogram.record(Math.max(1, Math.round(ms * 1000)));
  }

  /** @returns {{ count: number, p50?: number, p99?: number, max?: number }} in ms */
  summary() {
    const h = this.#histogram;
    if (h.count === 0) return { count: 0 };
    return {
      count: h.count,
      p50: h.percentile(50) / 1000,
      p99: h.percentile(99) / 1000,
      max: h.max / 1000,
    };
  }
}

/**
 * Counters per second of a run, second 0 starting at `startAt`: what the chart draws. Anything
 * before `startAt` counts in second 0.
 */
export class Seconds {
  /** @type {Record<string, number>[]} */
  rows = [];

  /** @param {number} startAt epoch ms */
  constructor(startAt) {
    this.startAt = startAt;
  }

  /** The counters of the second `at` (epoch ms) falls in. */
  at(at) {
    const i = Math.max(0, Math.floor((at - this.startAt) / 1000));
    while (this.rows.length <= i) this.rows.push({});
    return this.rows[i];
  }

  add(at, key, n = 1) {
    const row = this.at(at);
    row[key] = (row[key] ?? 0) + n;
  }

  max(at, key, value) {
    const row = this.at(at);
    row[key] = Math.max(row[key] ?? 0, value);
  }
}

/**
 * A `Retry-After` value as RFC 9110 (section 10.2.3) allows it: a delay in whole seconds, or an
 * HTTP date (https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3).
 * @param {string | undefined} value
 */
export const validRetryAfter = (value) =>
  value !== undefined &&
  (/^\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value)));

/**
 * What a load generator counts of the answers it got: per status, and the refusals that did not
 * say when to come back.
 */
export class Answers {
  /** @type {Record<string, number>} */
  statuses = {};
  refusedWithoutRetryAfter = 0;
  /** @type {Record<string, number>} answered 200, by tool (when the generator says which) */
  admittedByTool = {};

  /**
   * @param {Seconds} seconds
   * @param {Latencies} admittedLatency
   */
  constructor(seconds, admittedLatency) {
    this.seconds = seconds;
    this.admittedLatency = admittedLatency;
  }

  /**
   * One answer.
   * @param {number} status
   * @param {string | undefined} retryAfter the header's value, if any
   * @param {number} latencyMs
   * @param {number} at epoch ms it arrived
   * @param {string} [tool] the tool the call named
   */
  answer(status, retryAfter, latencyMs, at, tool) {
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (status === 200) {
      if (tool)
        this.admittedByTool[tool] = (this.admittedByTool[tool] ?? 0) + 1;
      this.admittedLatency.record(latencyMs);
      this.seconds.add(at, 'admitted');
      // Which seconds of a run its admitted p99 comes from.
      if (latencyMs > SLOW_MS) this.seconds.add(at, 'slow');
    } else if (REFUSED.has(status)) {
      this.seconds.add(at, 'refused');
      if (status === 503 && !validRetryAfter(retryAfter))
        this.refusedWithoutRetryAfter++;
    } else this.seconds.add(at, 'other');
  }
}

/**
 * Runs `fn` on the JSON object given as the process's one argument and writes what it returns as
 * JSON on stdout: how the bench starts every helper in a process of its own (pinned to a core).
 * @param {(config: any) => Promise<unknown>} fn
 */
export async function helperMain(fn) {
  const result = await fn(JSON.parse(process.argv[2]));
  process.stdout.write(JSON.stringify(result));
}

/** Resolves at epoch ms `at` (at once if it has passed). */
export const until = (at) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - now())));
