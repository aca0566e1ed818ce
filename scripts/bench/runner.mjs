// Runs the selected benches round by round and hands each one a context: the run's settings, the
// standard measurement (closed-loop tools/call load on a server of its own, server on core 0 and
// the load generator on core 1 where taskset exists) and the bookkeeping that stops every process
// and removes every temporary directory on any exit.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from './cli.mjs';
import { call } from './mcp.mjs';
import { Results } from './targets.mjs';

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `[cmd, args]` that run `cmd` on one core where taskset exists, as is otherwise. */
export const pin = (core, cmd, args) =>
  hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];

/** The affinity the run used, for the report's header. */
export const pinning = hasTaskset
  ? 'server on core 0, load generator on core 1 (taskset)'
  : 'no taskset: server and load generator share the cores';

/** A port free right now on loopback (the OS picks it), so parallel runs never collide. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Server CPU seconds so far: utime + stime, fields 14 and 15 of /proc/PID/stat, at 100 Hz. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
/** Resident memory of a process in MB, from /proc/PID/status. */
export const rssMb = (pid) =>
  Number(
    /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1],
  ) / 1024;

/**
 * A server to measure with the standard load.
 * @typedef {{
 *   id: string,
 *   label: string,
 *   start: (port: number) => import('node:child_process').ChildProcess,
 *   prepare?: (url: string) => Promise<{ body: string, headers: Record<string, string> }>,
 * }} Server
 *   `id` names it in every round (two benches that measure the same id share one measurement per
 *   round); `prepare` builds the request to drive once the server is up (default: echo "hi")
 */

/**
 * What a bench gets: the run's settings and the tools to measure with.
 * @typedef {{
 *   root: string,
 *   options: import('./cli.mjs').BenchOptions,
 *   round: number,
 *   measure: (server: Server) => Promise<import('./targets.mjs').Row>,
 *   record: (row: Omit<import('./targets.mjs').Row, 'round'>) => void,
 *   track: (child: import('node:child_process').ChildProcess) => import('node:child_process').ChildProcess,
 *   startNode: (script: string, opts?: { cwd?: string, env?: Record<string, string> }) => Server['start'],
 *   onCleanup: (fn: () => void) => void,
 *   progress: (line: string) => void,
 *   note: (line: string) => void,
 * }} BenchContext
 */

/** The environment of every server the benches start: dist/main.js's settings for a local run. */
const serverEnv = (port, env) => ({
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  WEBSITE_INSTANCE_ID: '',
  HANDLE_SIGNING_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
  ...env,
});

/**
 * Runs `benches` for `options.rounds` rounds: each round runs every bench once, in registry order,
 * so two servers of one bench are measured side by side under the same load from elsewhere.
 * @param {import('./targets.mjs').Bench[]} benches
 * @param {{ root: string, options: import('./cli.mjs').BenchOptions }} run
 * @returns {Promise<{ results: Results, failures: Map<string, Error>, notes: string[] }>}
 */
export async function runBenches(benches, { root, options }) {
  const rows = [];
  const notes = [];
  const failures = new Map();
  const children = new Set();
  const cleanups = [];
  let memo = new Map();
  const progress = (line) => process.stderr.write(`bench: ${line}\n`);

  const cleanUp = () => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        fn();
      } catch (err) {
        progress(`cleanup: ${err.message}`);
      }
    }
  };
  process.on('exit', cleanUp);
  const onSignal = () => process.exit(130);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, onSignal);

  const track = (child) => {
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  /** The load generator (asynchronous, so Ctrl-C stops it at once); its summary. */
  const load = (url, seconds, request) => {
    const args = [
      join(root, 'scripts/bench/load.mjs'),
      url,
      String(seconds),
      String(options.connections),
      request.body,
      JSON.stringify(request.headers),
    ];
    const [cmd, pinned] = pin(1, process.execPath, args);
    return new Promise((resolve, reject) => {
      track(
        execFile(
          cmd,
          pinned,
          { encoding: 'utf8', maxBuffer: 1 << 20 },
          (err, stdout, stderr) => {
            if (err)
              reject(
                new Error(`load generator failed: ${err.message}${stderr}`),
              );
            else resolve(JSON.parse(stdout));
          },
        ),
      );
    });
  };

  const waitReady = async (url, child) => {
    const echo = call('echo', { message: 'hi' });
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        const res = await fetch(url, { method: 'POST', ...echo });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(
      `server at ${url} did not come up${child.stderrTail ? `:\n${child.stderrTail}` : ''}`,
    );
  };

  /** @param {Server} server */
  const measureOnce = async ({ id, label, start, prepare }) => {
    const port = await freePort();
    const child = track(start(port));
    child.stderrTail = '';
    child.stderr?.on(
      'data',
      (chunk) => (child.stderrTail = (child.stderrTail + chunk).slice(-4000)),
    );
    const url = `http://127.0.0.1:${port}/mcp`;
    try {
      await waitReady(url, child);
      const request = prepare
        ? await prepare(url)
        : call('echo', { message: 'hi' });
      await load(url, 3, request); // warm-up: JIT, pools, connections
      const cpu0 = cpuSeconds(child.pid);
      const result = await load(url, options.duration, request);
      const cpu = cpuSeconds(child.pid) - cpu0;
      if (result.non2xx || result.errors || result.timeouts)
        throw new Error(`${label}: ${JSON.stringify(result)}`);
      const row = {
        id,
        label,
        rps: result.rps,
        perCpuSecond: result.requests / cpu,
        cpuUs: (cpu * 1e6) / result.requests,
        p50: result.p50,
        p99: result.p99,
        rss: rssMb(child.pid),
      };
      progress(
        `${label}: ${row.rps.toFixed(0)} req/s, ${row.cpuUs.toFixed(1)} µs CPU per call`,
      );
      return row;
    } finally {
      child.kill('SIGKILL');
    }
  };

  /** @type {BenchContext} */
  const ctx = {
    root,
    options,
    round: 0,
    measure(server) {
      if (!memo.has(server.id)) {
        const measured = measureOnce(server).then((row) => {
          rows.push({ ...row, round: ctx.round });
          return row;
        });
        memo.set(server.id, measured);
      }
      return memo.get(server.id);
    },
    record: (row) => rows.push({ ...row, round: ctx.round }),
    track,
    startNode:
      (script, { cwd = root, env = {} } = {}) =>
      (port) => {
        const [cmd, args] = pin(0, process.execPath, [script]);
        return spawn(cmd, args, {
          cwd,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: serverEnv(port, env),
        });
      },
    onCleanup: (fn) => cleanups.push(fn),
    progress,
    note: (line) => notes.push(line),
  };

  try {
    for (const bench of benches) {
      try {
        await bench.setup?.(ctx);
      } catch (err) {
        if (err instanceof UsageError) throw err;
        failures.set(bench.name, err);
        progress(`${bench.name}: ${err.message}`);
      }
    }
    for (let r = 0; r < options.rounds; r++) {
      progress(`round ${r + 1} of ${options.rounds}`);
      ctx.round = r;
      memo = new Map();
      for (const bench of benches) {
        if (failures.has(bench.name)) continue;
        try {
          await bench.round(ctx);
        } catch (err) {
          failures.set(bench.name, err);
          progress(
            `${bench.name} failed, left out of later rounds: ${err.message}`,
          );
        }
      }
    }
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
      process.off(signal, onSignal);
  }
  return { results: new Results(rows), failures, notes };
}
