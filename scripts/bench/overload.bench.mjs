// Overload: one instance (the bench server, on core 0) driven well past what it can serve, with
// admission control on, while a prober hits `GET /healthz` on a new connection every 100 ms
// (generators and prober on core 1). (a) 2,000 closed-loop connections sending `echo`; (b) an open
// loop at 5× the capacity of a mix of half `bench_burn` (~2 ms of CPU) and half `echo`, capacity
// being what 50 closed-loop connections get through with admission off. Each for
// BENCH_OVERLOAD_SECONDS (60 s). The liveness probe must stay fast, every call must be answered
// 200, 503 (with Retry-After) or 429, and the calls let in must stay fast and, in (b), keep the
// throughput near capacity. `--overload-compare` (BENCH_OVERLOAD_COMPARE=1) runs both again with
// MCP_ADMISSION=0, as figures. Each run's time series is written to bench-results/overload-*.json;
// scripts/bench/overload/chart.mjs draws them. Runs once per `npm run bench`, in its first round:
// a minute-long flood averages over far more than a round does, and its bounds are absolute.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BURN, ECHO, runLoad, series } from './overload/run.mjs';
import { REFUSED, SLOW_MS } from './overload/stats.mjs';

/** The connections of (a), and the sockets (b) may open. */
const CONNECTIONS = 2_000;
/** (b)'s rate, in multiples of the measured capacity. */
const FACTOR = 5;
/** The mix of the capacity run and of (b): every other call is the CPU-heavy one. */
const MIX = [BURN, ECHO];

const RUNS = {
  closed: { title: `${CONNECTIONS.toLocaleString('en-US')} connections` },
  open: { title: `${FACTOR}× capacity` },
};
const id = (run, mode) => `overload-${run}-${mode}`;
const CAPACITY = 'overload-capacity';

const sum = (rows, key) => rows.reduce((a, r) => a + (r[key] ?? 0), 0);
const count = (statuses, keep) =>
  Object.entries(statuses)
    .filter(([status]) => keep(Number(status)))
    .reduce((a, [, n]) => a + n, 0);
const fixed = (n, digits = 0) =>
  n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
const list = (o) =>
  Object.entries(o)
    .filter(([, n]) => n)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ') || 'none';

/**
 * The figures of one run, from the generator's, the prober's and the RSS sampler's results.
 * @param {Awaited<ReturnType<typeof runLoad>>} run
 * @param {number} seconds the load's length: rates are over it, not over the drain after
 */
function figures({ load, health, rss }, seconds) {
  const window = load.seconds.slice(0, Math.ceil(seconds));
  const other = count(load.statuses, (s) => s !== 200 && !REFUSED.has(s));
  return {
    admittedRps: sum(window, 'admitted') / seconds,
    refusedRps: sum(window, 'refused') / seconds,
    offeredRps: load.sent / seconds,
    sent: load.sent,
    statuses: load.statuses,
    other,
    refused503: load.statuses[503] ?? 0,
    refusedWithoutRetryAfter: load.refusedWithoutRetryAfter,
    admittedByTool: load.admittedByTool,
    dropped: load.dropped,
    droppedBy: load.droppedBy ?? {
      'errors (timeouts included)': load.errors,
      timeouts: load.timeouts,
    },
    lateNoSocket: load.lateNoSocket,
    behindSchedule: load.behindSchedule,
    maxLagMs: load.maxLagMs,
    admitted: load.admitted,
    health: {
      ...health.latency,
      probes: health.probes,
      answered: health.answered,
      failed: health.failed,
      proberLagMs: health.maxLagMs,
    },
    healthFailures: health.failures,
    rssMb: rss.max,
  };
}

/** The `overload` figures of a run's row, or undefined when it did not run. */
const of = (results, run, mode) =>
  results.rounds(id(run, mode)).find((r) => r.overload)?.overload;

/** The checks of one run, as targets (mode `on`) or figures (`off`). */
function checks(run, mode) {
  const title =
    mode === 'on' ? RUNS[run].title : `admission off, ${RUNS[run].title}`;
  const at = (fn) => (results) => {
    const f = of(results, run, mode);
    return f && fn(f, results);
  };
  const rows = [
    {
      name: `${title}: /healthz p99`,
      bound: { op: '<=', value: 100, unit: 'ms' },
      protects:
        'liveness under overload: the platform must not restart an instance that is only busy',
      measure: at(({ health: h }) =>
        h.count
          ? {
              value: h.p99,
              detail: `p50 ${fixed(h.p50, 1)} ms, max ${fixed(h.max, 1)} ms; ${h.answered} of ${h.probes} probes answered, timeouts counted at 2 s; probes left at most ${fixed(h.proberLagMs ?? 0)} ms late`,
            }
          : { value: Infinity, detail: `none of ${h.probes} probes answered` },
      ),
    },
    {
      name: `${title}: failed probes`,
      bound: { op: '<=', value: 0, unit: '' },
      protects:
        'liveness under overload: no probe times out (2 s), is refused or reset, or gets a status other than 200',
      measure: at(({ health, healthFailures }) => ({
        value: health.failed,
        detail: `${list(healthFailures)} (of ${health.probes})`,
      })),
    },
    {
      name: `${title}: dropped`,
      bound: { op: '<=', value: 0, unit: '' },
      protects:
        'every call is answered: no reset, refused or timed-out (10 s) connection, no call left unanswered',
      measure: at((f) => ({
        value: f.dropped,
        detail: `${list(f.droppedBy)} (of ${fixed(f.sent)} sent)`,
      })),
    },
    {
      name: `${title}: other statuses`,
      bound: { op: '<=', value: 0, unit: '' },
      protects:
        'a refusal is a 503 or a 429 a client can retry, never a 500, 408 or a broken answer',
      measure: at((f) => ({ value: f.other, detail: list(f.statuses) })),
    },
    {
      name: `${title}: 503 without Retry-After`,
      bound: { op: '<=', value: 0, unit: '' },
      protects:
        'every 503 tells the client when to come back (RFC 9110, section 10.2.3)',
      measure: at((f) => ({
        value: f.refusedWithoutRetryAfter,
        detail: `of ${fixed(f.refused503)} answered 503`,
      })),
    },
    {
      name: `${title}: admitted p99`,
      bound: { op: '<=', value: SLOW_MS, unit: 'ms' },
      protects:
        'the calls let in stay fast: the queue in front of them stays short',
      // An open loop that fell behind its schedule (short of CPU on its core) charges its own
      // delay to the server: the detail says how far behind it got.
      measure: at(({ admitted: a, admittedRps, refusedRps, maxLagMs }) =>
        a.count
          ? {
              value: a.p99,
              detail: `p50 ${fixed(a.p50, 1)} ms; ${fixed(admittedRps)} req/s admitted, ${fixed(refusedRps)} refused${maxLagMs === undefined ? '' : `; generator at most ${fixed(maxLagMs)} ms behind schedule`}`,
            }
          : { value: Infinity, detail: 'no call admitted' },
      ),
    },
    {
      name: `${title}: max RSS`,
      bound: { op: '<=', value: 350, unit: 'MB' },
      protects:
        'memory under overload: requests waiting to be served do not pile up in memory',
      measure: at((f) => ({ value: f.rssMb })),
    },
  ];
  if (run === 'open')
    rows.push({
      name: `${title}: admitted / capacity`,
      bound: { op: '>=', value: 0.8, unit: '×' },
      protects:
        'useful work under overload: refusing calls costs little, and the calls let in still get the CPU',
      measure: at((f, results) => {
        const capacity = results.median(CAPACITY)?.rps;
        if (!capacity) return undefined;
        return {
          value: f.admittedRps / capacity,
          detail: `${fixed(f.admittedRps)} of ${fixed(capacity)} req/s (${list(f.admittedByTool ?? {})}), ${fixed(f.offeredRps)} offered; sent late: ${f.lateNoSocket} with no socket free, ${f.behindSchedule} behind schedule`,
        };
      }),
    });
  if (mode === 'on') return rows;
  // Without admission nothing answers 503 on purpose: that figure says nothing.
  return rows
    .filter(({ name }) => !name.endsWith('Retry-After'))
    .map(({ name, bound, measure }) => ({ name, unit: bound.unit, measure }));
}

/**
 * Measures the capacity: 50 closed-loop connections (BENCH_CONNECTIONS) for BENCH_DURATION s of
 * the mix, admission off, after a warm-up. Anything but 200 makes the figure meaningless.
 * @param {import('./runner.mjs').BenchContext} ctx
 */
async function capacity(ctx) {
  const { duration, connections } = ctx.options;
  const run = await runLoad(ctx, {
    generator: 'closed.mjs',
    config: { seconds: duration, connections, requests: MIX },
    env: { MCP_ADMISSION: '0' },
    warmUp: MIX,
    probe: false,
  });
  const { load } = run;
  if (load.dropped || count(load.statuses, (s) => s !== 200))
    throw new Error(
      `capacity run: ${list(load.statuses)}, ${load.dropped} dropped`,
    );
  const rps =
    sum(load.seconds.slice(0, Math.ceil(duration)), 'admitted') / duration;
  ctx.record({
    id: CAPACITY,
    label: `overload capacity: ½ bench_burn + ½ echo, admission off, ${connections} conn.`,
    rps,
    p50: load.admitted.p50,
    p99: load.admitted.p99,
  });
  ctx.progress(`overload capacity: ${rps.toFixed(0)} req/s`);
  return rps;
}

/** @type {import('./targets.mjs').Bench} */
export default {
  name: 'overload',
  // A flood of several minutes that needs both cores to itself and whose bounds are absolute: run on
  // purpose (`--only overload`), not with every change's comparison against main.
  onRequest: true,
  measures: `one instance flooded: ${RUNS.closed.title} sending echo, and an open loop at ${RUNS.open.title} of ½ bench_burn + ½ echo, with admission on (off too with --overload-compare)`,
  async round(ctx) {
    if (ctx.round > 0) return;
    const seconds = ctx.options.overloadSeconds;
    const rate = FACTOR * (await capacity(ctx));
    const modes = ctx.options.overloadCompare ? ['on', 'off'] : ['on'];
    const dir = join(ctx.root, 'bench-results');
    mkdirSync(dir, { recursive: true });
    for (const mode of modes) {
      const env = { MCP_ADMISSION: mode === 'on' ? '1' : '0' };
      const specs = {
        closed: {
          generator: 'closed.mjs',
          config: { seconds, connections: CONNECTIONS, requests: [ECHO] },
          warmUp: [ECHO],
        },
        open: {
          generator: 'open.mjs',
          config: { seconds, rate, sockets: CONNECTIONS, requests: MIX },
          warmUp: MIX,
        },
      };
      const saved = {
        mode,
        when: new Date().toISOString(),
        node: process.version,
        seconds,
        capacityRps: rate / FACTOR,
        rate,
        runs: {},
      };
      for (const run of ['closed', 'open']) {
        ctx.progress(
          `overload ${RUNS[run].title}, admission ${mode}: ${seconds} s`,
        );
        const result = await runLoad(ctx, { ...specs[run], env });
        const f = figures(result, seconds);
        ctx.record({
          id: id(run, mode),
          label: `overload ${run === 'closed' ? `${RUNS.closed.title}, echo` : `open loop, ${RUNS.open.title}`}, admission ${mode}`,
          rps: f.admittedRps,
          p50: f.admitted.p50,
          p99: f.admitted.p99,
          rss: f.rssMb,
          overload: f,
        });
        ctx.progress(
          `overload ${RUNS[run].title}, admission ${mode}: ${f.admittedRps.toFixed(0)} admitted/s, ${f.refusedRps.toFixed(0)} refused/s, /healthz p99 ${f.health.p99?.toFixed(1)} ms, ${f.health.failed} failed probes, ${f.dropped} dropped`,
        );
        saved.runs[run] = { figures: f, series: series(result) };
      }
      const file = join(dir, `overload-${mode}.json`);
      writeFileSync(file, `${JSON.stringify(saved, null, 1)}\n`);
      ctx.note(`overload, admission ${mode}: time series in ${file}`);
    }
    ctx.note(
      'overload runs once, in the first round; `node scripts/bench/overload/chart.mjs` draws its time series',
    );
  },
  targets: [...checks('closed', 'on'), ...checks('open', 'on')],
  figures: [...checks('closed', 'off'), ...checks('open', 'off')],
};
