// The health prober of the overload bench: `GET /healthz` every 100 ms, each on a new connection
// (as a platform's liveness probe connects: App Service's health check, a Kubernetes httpGet
// probe), each given 2 s, until its stdin closes; then it waits for the probes in flight and
// writes one JSON object on stdout (`probe`'s result). Run as a process of its own:
//   node prober.mjs '{"url":"http://127.0.0.1:PORT/healthz","startAt":…}'
// A probe fails on a timeout, a refused or reset connection, any other socket error, or any
// status but 200. Latency is from the moment the probe is sent to its last byte, connect included;
// a probe that timed out counts in the latencies at 2 s (it waited that long at least), so a run
// whose probes mostly hung does not show the p99 of the few that got through.
import { request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { helperMain, Latencies, now, Seconds, until } from './stats.mjs';

const EVERY_MS = 100;
const TIMEOUT_MS = 2_000;

/** What a failed probe ran into. */
const failureOf = (err) =>
  err.code === 'ETIMEDOUT'
    ? 'timeout'
    : err.code === 'ECONNREFUSED'
      ? 'refused'
      : err.code === 'ECONNRESET' || err.code === 'EPIPE'
        ? 'reset'
        : (err.code ?? 'error');

/**
 * Probes from `startAt` (epoch ms) until `stop` resolves.
 * @param {{ url: string, startAt: number }} config
 * @param {Promise<void>} stop
 */
export async function probe({ url, startAt }, stop) {
  const seconds = new Seconds(startAt);
  const latency = new Latencies();
  /** @type {Record<string, number>} */
  const failures = {};
  let probes = 0;
  let maxLagMs = 0;
  let inFlight = 0;
  let stopped = false;
  let wake;

  // Counted in the second the probe was sent: a probe that hangs shows where the stall began.
  const fail = (sentAt, kind) => {
    failures[kind] = (failures[kind] ?? 0) + 1;
    seconds.add(sentAt, 'healthFailed');
    if (kind !== 'timeout') return;
    latency.record(TIMEOUT_MS);
    seconds.max(sentAt, 'healthMaxMs', TIMEOUT_MS);
  };
  let answered = 0;

  const once = () => {
    probes++;
    inFlight++;
    const sentAt = now();
    let settled = false;
    const settle = (fn) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      inFlight--;
      fn(now() - sentAt);
      if (stopped && inFlight === 0) wake?.();
    };
    // agent: false, so every probe opens (and closes) a connection of its own.
    const req = request(url, { agent: false }, (res) => {
      res.on('data', () => {});
      res.on('error', (err) => settle(() => fail(sentAt, failureOf(err))));
      res.on('end', () =>
        settle((ms) => {
          if (res.statusCode !== 200)
            return fail(sentAt, `status ${res.statusCode}`);
          answered++;
          latency.record(ms);
          seconds.max(sentAt, 'healthMaxMs', ms);
        }),
      );
    });
    req.on('error', (err) => settle(() => fail(sentAt, failureOf(err))));
    const timer = setTimeout(
      () =>
        req.destroy(
          Object.assign(new Error('no answer in 2 s'), { code: 'ETIMEDOUT' }),
        ),
      TIMEOUT_MS,
    );
    req.end();
  };

  // On a fixed schedule rather than setInterval (which drifts), so how late each probe left says
  // whether the prober itself was short of CPU on the core it shares with a generator: a probe
  // that leaves late is not the server's fault, and `maxLagMs` shows it. Slots missed by more
  // than a period are skipped, not sent in a burst.
  let slot = 0;
  let timer;
  const next = () => {
    const lag = now() - (startAt + slot * EVERY_MS);
    maxLagMs = Math.max(maxLagMs, lag);
    once();
    slot = Math.max(slot + 1, Math.ceil((now() - startAt) / EVERY_MS));
    timer = setTimeout(next, startAt + slot * EVERY_MS - now());
  };
  await until(startAt);
  next();
  await stop;
  clearTimeout(timer);
  stopped = true;
  if (inFlight > 0) await new Promise((resolve) => (wake = resolve));
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  return {
    probes,
    answered,
    failed,
    failures,
    maxLagMs,
    latency: latency.summary(),
    seconds: seconds.rows,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  await helperMain((config) => {
    process.stdin.resume();
    return probe(
      config,
      new Promise((resolve) => process.stdin.once('end', resolve)),
    );
  });
