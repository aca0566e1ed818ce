// One run of the overload bench: a fresh bench server on core 0, a warm-up, then the load
// generator and the health prober (each a process of its own, on core 1) from one start time
// while the bench samples the server's RSS; the generator's, the prober's and the RSS figures,
// and one time series with a row per second of all three.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, pin, rssMb } from '../runner.mjs';
import { call } from '../mcp.mjs';

/** The requests the runs send: echo's, and the ~2 ms CPU-heavy tool of bench-server.mjs. */
export const ECHO = call('echo', { message: 'hi' });
export const BURN = call('bench_burn', {});

// The generators run niced (5, which needs no privilege) on the core they share with the prober:
// when a probe is due, the prober gets the core ahead of them, so the load it measures does not
// also delay it on the client side (https://man7.org/linux/man-pages/man2/setpriority.2.html).
const hasNice = (() => {
  try {
    execFileSync('nice', ['-n', '5', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Time the helpers get to start before the load begins. */
const LEAD_MS = 2_000;

/**
 * Samples the RSS of `pid` every 200 ms from now until `stop()`; the maximum, and the maximum of
 * each second from `startAt`.
 */
function sampleRss(pid, startAt) {
  const seconds = [];
  let max = 0;
  const sample = () => {
    try {
      const mb = rssMb(pid);
      max = Math.max(max, mb);
      const i = Math.floor((Date.now() - startAt) / 1000);
      if (i >= 0) seconds[i] = Math.max(seconds[i] ?? 0, mb);
    } catch {
      // the process is gone: its exit is reported by whoever waits on it
    }
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { max, seconds };
    },
  };
}

/**
 * Runs a helper of ./ (closed.mjs, open.mjs, prober.mjs) on core 1 with `config`; its JSON result.
 * `stdin: true` keeps its stdin open until `close()` (the prober stops when it closes); every
 * helper but the prober runs niced.
 * @param {import('../runner.mjs').BenchContext} ctx
 */
export function helper(ctx, name, config, { stdin = false } = {}) {
  const script = join(ctx.root, 'scripts/bench/overload', name);
  const pinned = pin(1, process.execPath, [script, JSON.stringify(config)]);
  const [cmd, args] =
    hasNice && name !== 'prober.mjs'
      ? ['nice', ['-n', '5', pinned[0], ...pinned[1]]]
      : pinned;
  const child = ctx.track(
    spawn(cmd, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const result = new Promise((resolve, reject) =>
    child.once('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else
        reject(
          new Error(`${name} exited with ${code ?? signal}: ${stderr.trim()}`),
        );
    }),
  );
  return { result, close: () => child.stdin?.end() };
}

/** Waits until the server answers `GET /healthz` (30 s at most, or until it exits). */
async function ready(base, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(
    `bench server at ${base} did not come up${child.stderrTail ? `:\n${child.stderrTail}` : ''}`,
  );
}

/**
 * @typedef {{
 *   generator: 'closed.mjs' | 'open.mjs',
 *   config: Record<string, unknown>,
 *   env: Record<string, string>,
 *   warmUp?: { body: string, headers: Record<string, string> }[],
 *   probe?: boolean,
 * }} RunSpec
 *   `config` is the generator's, less `url` and `startAt`; `warmUp` the requests of a 3 s closed
 *   loop of 50 connections first (JIT, pools); `probe` false runs no prober and samples no RSS
 */

/**
 * Boots a bench server with `env`, runs the load, stops the server.
 * @param {import('../runner.mjs').BenchContext} ctx
 * @param {RunSpec} spec
 */
export async function runLoad(
  ctx,
  { generator, config, env, warmUp, probe = true },
) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const start = ctx.startNode(
    join(ctx.root, 'scripts/bench/bench-server.mjs'),
    { env },
  );
  const server = ctx.track(start(port));
  server.stderrTail = '';
  server.stderr?.on(
    'data',
    (chunk) => (server.stderrTail = (server.stderrTail + chunk).slice(-4000)),
  );
  try {
    await ready(base, server);
    if (warmUp)
      await helper(ctx, 'closed.mjs', {
        url: `${base}/mcp`,
        startAt: Date.now(),
        seconds: 3,
        connections: 50,
        requests: warmUp,
      }).result;
    const startAt = Date.now() + LEAD_MS;
    const prober = probe
      ? helper(
          ctx,
          'prober.mjs',
          { url: `${base}/healthz`, startAt },
          { stdin: true },
        )
      : undefined;
    // Awaited below; handled here too, so a prober stopped by a failed load is no unhandled error.
    prober?.result.catch(() => {});
    const load = helper(ctx, generator, {
      ...config,
      url: `${base}/mcp`,
      startAt,
    });
    const rss = probe ? sampleRss(server.pid, startAt) : undefined;
    let loadResult;
    let memory;
    try {
      loadResult = await load.result;
    } finally {
      prober?.close();
      memory = rss?.stop();
    }
    const health = await prober?.result;
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(
        `the bench server died under load (${server.exitCode ?? server.signalCode}): ${server.stderrTail}`,
      );
    return { load: loadResult, health, rss: memory };
  } finally {
    server.kill('SIGKILL');
  }
}

/**
 * One row per second of a run: the generator's counts (`slow`: admitted after more than `SLOW_MS`),
 * the prober's worst latency and failures, the server's largest RSS in that second.
 */
export function series({ load, health, rss }) {
  const length = Math.max(
    load.seconds.length,
    health?.seconds.length ?? 0,
    rss?.seconds.length ?? 0,
  );
  return Array.from({ length }, (_, t) => ({
    t,
    offered: load.seconds[t]?.offered,
    admitted: load.seconds[t]?.admitted ?? 0,
    slow: load.seconds[t]?.slow ?? 0,
    refused: load.seconds[t]?.refused ?? 0,
    other: load.seconds[t]?.other ?? 0,
    dropped: load.seconds[t]?.dropped ?? 0,
    healthMaxMs: health?.seconds[t]?.healthMaxMs,
    healthFailed: health?.seconds[t]?.healthFailed ?? 0,
    rssMb: rss?.seconds[t],
  }));
}
