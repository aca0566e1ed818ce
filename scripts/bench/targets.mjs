// What a bench is, what its rows hold, and how targets decide the exit code. Pure: no process, no
// I/O, so the decision is tested on its own (test/bench.e2e-spec.ts).

/**
 * One measured server (or one measured thing) in one round. Every figure is optional: a bench
 * fills the ones it measures and the table leaves the others blank. A bench may keep more of its
 * own under a key of its own (overload: `overload`), for its targets to read; the table and the
 * medians leave it alone.
 * @typedef {{
 *   id: string,
 *   label: string,
 *   round: number,
 *   rps?: number,
 *   perCpuSecond?: number,
 *   cpuUs?: number,
 *   p50?: number,
 *   p99?: number,
 *   rss?: number,
 * }} Row
 */

/**
 * @typedef {{ op: '>=' | '<=', value: number, unit: string }} Bound
 * @typedef {{ value: number, detail?: string } | undefined} Measured
 *   undefined when what it needs was not measured in this run
 * @typedef {{
 *   name: string,
 *   bound: Bound,
 *   protects: string,
 *   measure: (results: Results) => Measured,
 * }} Target
 *   a bound the run must hold; docs/performance.md says why
 * @typedef {{ name: string, unit: string, measure: (results: Results) => Measured }} Figure
 *   a figure printed with the targets that decides nothing
 */

/**
 * A bench: one module `scripts/bench/<name>.bench.mjs`, listed in `registry.mjs`.
 * @typedef {{
 *   name: string,
 *   measures: string,
 *   needs?: string,
 *   onRequest?: boolean,
 *   setup?: (ctx: import('./runner.mjs').BenchContext) => Promise<void>,
 *   round: (ctx: import('./runner.mjs').BenchContext) => Promise<void>,
 *   targets?: Target[],
 *   figures?: Figure[],
 * }} Bench
 */

/** The figures of a row, in the table's column order. */
export const METRICS = ['rps', 'perCpuSecond', 'cpuUs', 'p50', 'p99', 'rss'];

/** The median; of an even count, the lower middle value (with 2 rounds, the lower of the two). */
export const median = (xs) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Every row of a run, read by id. */
export class Results {
  /** @param {Row[]} rows */
  constructor(rows) {
    this.rows = rows;
  }

  /** Ids in the order they were first measured. */
  ids() {
    return [...new Set(this.rows.map((r) => r.id))];
  }

  /** @returns {Row[]} the rows of one id, one per round it was measured in */
  rounds(id) {
    return this.rows.filter((r) => r.id === id);
  }

  /** @returns {Row | undefined} each figure's median over the rounds */
  median(id) {
    const runs = this.rounds(id);
    if (!runs.length) return undefined;
    const row = { id, label: runs[0].label, round: -1 };
    for (const key of METRICS) {
      const xs = runs.map((r) => r[key]).filter((v) => v !== undefined);
      if (xs.length) row[key] = median(xs);
    }
    return row;
  }

  /** Rows of `a` and `b` measured in the same round, as pairs. */
  pairs(a, b) {
    return this.rounds(a).flatMap((x) => {
      const y = this.rounds(b).find((r) => r.round === x.round);
      return y ? [[x, y]] : [];
    });
  }
}

/**
 * `a` / `b` in req/s and in requests per server CPU-second; the value is the higher of the two. On
 * a shared machine a server starved of CPU loses req/s but not CPU-seconds, and a load generator
 * starved of CPU loses both but unevenly: the higher ratio is the one the other helpers' load
 * distorted least.
 * @param {Results} results
 * @returns {Measured}
 */
export function ratio(results, a, b) {
  const x = results.median(a);
  const y = results.median(b);
  if (!x || !y) return undefined;
  const rps = x.rps / y.rps;
  const cpu = x.perCpuSecond / y.perCpuSecond;
  const rounds = results
    .pairs(a, b)
    .map(
      ([p, q]) =>
        `${(p.rps / q.rps).toFixed(2)}/${(p.perCpuSecond / q.perCpuSecond).toFixed(2)}`,
    );
  return {
    value: Math.max(rps, cpu),
    detail: `req/s ${rps.toFixed(2)}×, per CPU-s ${cpu.toFixed(2)}×; rounds (req/s / CPU-s): ${rounds.join(', ')}`,
  };
}

/**
 * Server CPU µs per call of `a` minus `b`, taken round by round (each pair ran side by side, so
 * the machine's drift between rounds cancels out), then the median.
 * @param {Results} results
 * @returns {Measured}
 */
export function cpuCostOver(results, a, b) {
  const diffs = results.pairs(a, b).map(([p, q]) => p.cpuUs - q.cpuUs);
  if (!diffs.length) return undefined;
  return {
    value: median(diffs),
    detail: `rounds: ${diffs.map((d) => d.toFixed(1)).join(', ')} µs`,
  };
}

const UNIT_DIGITS = { '×': 2 };
/** A value with its unit: `0.57×`, `7.7 µs`, `10 µs`, `0` (a count without a unit). */
export const formatValue = (value, unit) => {
  const digits = UNIT_DIGITS[unit] ?? (Number.isInteger(value) ? 0 : 1);
  return `${value.toFixed(digits)}${unit === '×' || unit === '' ? '' : ' '}${unit}`;
};
/** A bound as the table and the help print it: `≥ 0.55×`, `≤ 20 µs`. */
export const formatBound = ({ op, value, unit }) =>
  `${op === '>=' ? '≥' : '≤'} ${value}${unit === '×' || unit === '' ? '' : ' '}${unit}`;

/** @param {Bound} bound */
export const holds = (value, { op, value: limit }) =>
  Number.isFinite(value) && (op === '>=' ? value >= limit : value <= limit);

/**
 * @typedef {{
 *   bench: string,
 *   name: string,
 *   value: string,
 *   bound: string,
 *   status: 'PASS' | 'FAIL' | 'info',
 *   detail: string,
 * }} Check
 */

/**
 * Every target of the benches that ran, PASS or FAIL, then their figures. A bench that failed
 * gets a FAIL of its own, and its targets FAIL as not measured.
 * @param {Bench[]} benches the benches that were selected
 * @param {Results} results
 * @param {Map<string, Error>} failures by bench name
 * @returns {Check[]}
 */
export function evaluate(benches, results, failures = new Map()) {
  const checks = [];
  for (const bench of benches) {
    const failure = failures.get(bench.name);
    if (failure)
      checks.push({
        bench: bench.name,
        name: `${bench.name} ran to the end`,
        value: 'error',
        bound: 'no error',
        status: 'FAIL',
        detail: failure.message.split('\n')[0],
      });
    for (const target of bench.targets ?? []) {
      const m = failure ? undefined : target.measure(results);
      checks.push({
        bench: bench.name,
        name: target.name,
        value: m ? formatValue(m.value, target.bound.unit) : 'not measured',
        bound: formatBound(target.bound),
        status: m && holds(m.value, target.bound) ? 'PASS' : 'FAIL',
        detail: m?.detail ?? '',
      });
    }
  }
  for (const bench of benches) {
    if (failures.has(bench.name)) continue;
    for (const figure of bench.figures ?? []) {
      const m = figure.measure(results);
      if (m)
        checks.push({
          bench: bench.name,
          name: figure.name,
          value: formatValue(m.value, figure.unit),
          bound: '',
          status: 'info',
          detail: m.detail ?? '',
        });
    }
  }
  return checks;
}

/** 0 when no check failed, 1 otherwise. @param {Check[]} checks */
export const exitCode = (checks) =>
  checks.some((c) => c.status === 'FAIL') ? 1 : 0;
