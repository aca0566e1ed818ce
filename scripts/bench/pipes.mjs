// What a pipe and a parameter decorator cost a tool call: `bench_piped` (one pass-through pipe bound
// with @UsePipes, one @McpArgs('message') parameter) against `bench_plain` (the same echo work, no
// enhancers: called directly), in server CPU per call, on bench-server.mjs. Each round measures
// plain then piped, each on a fresh server with the same closed-loop load; the cost is the median
// over rounds of (piped - plain), so drift on this shared machine cancels out round by round.
//
//   node scripts/bench/pipes.mjs      (after `npx nest build`; exit 1 when the target is missed)
//
// Environment: BENCH_DURATION (s per measurement, default 10), BENCH_CONNECTIONS (default 50),
// BENCH_ROUNDS (default 3). Server on core 0, load generator on core 1 where taskset exists.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The bound the issue sets: a pipe plus a parameter decorator add at most this, per call. */
export const TARGET_US = 20;
/** The two tools measured, plain first in every round. */
export const TOOLS = ['bench_plain', 'bench_piped'];

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = join(root, 'scripts/bench/bench-server.mjs');

/** A 2026-07-28 `tools/call` as a stateless client sends it (bench.mjs sends the same). */
export const call = (name, args) => ({
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name,
      arguments: args,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
      },
    },
  }),
  headers: {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': name,
  },
});

const post = (url, request) =>
  fetch(url, { method: 'POST', ...request }).then(async (r) => ({ status: r.status, body: await r.json() }));

/**
 * Checks that the pipe and the parameter decorator really run around `bench_piped` and nothing
 * around `bench_plain` (the pipe refuses "deny" with 400; the tool answers with the parameter's
 * value), then returns the request to drive: `tool` with echo's arguments.
 */
export const pipedCheck = (tool) => async (url) => {
  const denied = await post(url, call('bench_piped', { message: 'deny' }));
  const piped = await post(url, call('bench_piped', { message: 'via param' }));
  const plain = await post(url, call('bench_plain', { message: 'deny' }));
  if (
    denied.status !== 400 ||
    piped.body.result?.structuredContent?.message !== 'via param' ||
    plain.body.result?.structuredContent?.message !== 'deny'
  )
    throw new Error(`bench-server's pipe or parameter decorator is not wired as expected: ${JSON.stringify({ denied, piped, plain })}`);
  return call(tool, { message: 'hi' });
};

/** The median; of an even count, the lower middle value. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Per round, piped minus the plain run just before it; the median of those is the cost. */
export function pipeCost(rows) {
  const plain = rows.filter((r) => r.tool === 'bench_plain');
  const diffs = rows.filter((r) => r.tool === 'bench_piped').map((r, i) => r.cpuUs - plain[i].cpuUs);
  return { cost: median(diffs), diffs };
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();
const pin = (core, cmd, args) => (hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]);

function cpuSeconds(pid) {
  // utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 Hz on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A port free right now on loopback, so parallel runs never collide. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Every process still running, killed on any exit so none outlives the bench. */
const children = new Set();

function startServer(port) {
  const [cmd, args] = pin(0, process.execPath, [server]);
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      WEBSITE_INSTANCE_ID: '',
      HANDLE_SIGNING_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    },
  });
  child.stderrTail = '';
  child.stderr.on('data', (chunk) => (child.stderrTail = (child.stderrTail + chunk).slice(-4000)));
  children.add(child);
  return child;
}

async function waitReady(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      if ((await post(url, call('bench_plain', { message: 'ready' }))).status === 200) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`bench server at ${url} did not come up:\n${child.stderrTail}`);
}

function load(url, seconds, connections, request) {
  const args = [join(root, 'scripts/bench/load.mjs'), url, String(seconds), String(connections), request.body, JSON.stringify(request.headers)];
  const [cmd, pinned] = pin(1, process.execPath, args);
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, pinned, { encoding: 'utf8', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      children.delete(child);
      if (err) reject(new Error(`load generator failed: ${err.message}${stderr}`));
      else resolve(JSON.parse(stdout));
    });
    children.add(child);
  });
}

/** One tool on a fresh server: wiring checked, 3 s of warm-up, then `duration` s measured. */
async function measure(tool, { duration, connections }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const child = startServer(port);
  try {
    await waitReady(url, child);
    const request = await pipedCheck(tool)(url);
    await load(url, 3, connections, request);
    const cpu0 = cpuSeconds(child.pid);
    const result = await load(url, duration, connections, request);
    const cpu = cpuSeconds(child.pid) - cpu0;
    if (result.non2xx || result.errors || result.timeouts) throw new Error(`${tool}: ${JSON.stringify(result)}`);
    return { tool, rps: result.rps, cpuUs: (cpu * 1e6) / result.requests, p50: result.p50, p99: result.p99 };
  } finally {
    child.kill('SIGKILL');
    children.delete(child);
  }
}

/** Runs `rounds` rounds of plain then piped; every row, and the cost against the target. */
export async function run({ duration = 10, connections = 50, rounds = 3, progress = () => {} } = {}) {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('no build: run `npx nest build` first');
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    for (const tool of TOOLS) {
      const row = { round, ...(await measure(tool, { duration, connections })) };
      progress(`round ${round + 1}/${rounds} ${tool}: ${row.rps.toFixed(0)} req/s, ${row.cpuUs.toFixed(1)} µs CPU per call`);
      rows.push(row);
    }
  }
  const { cost, diffs } = pipeCost(rows);
  return { rows, cost, diffs, met: cost <= TARGET_US };
}

function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  try {
    const { rows, cost, diffs, met } = await run({
      duration,
      connections,
      rounds,
      progress: (line) => process.stderr.write(`bench pipes: ${line}\n`),
    });
    console.log(
      `\ntools/call, ${connections} connections, ${duration} s x ${rounds} rounds, taskset: ${hasTaskset ? 'server core 0, load core 1' : 'no'}`,
    );
    console.log('tool          round   req/s  CPU µs/call   p50 ms   p99 ms');
    for (const r of rows)
      console.log(
        `${r.tool.padEnd(13)} ${String(r.round + 1).padStart(5)} ${r.rps.toFixed(0).padStart(7)} ${r.cpuUs.toFixed(1).padStart(12)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}`,
      );
    console.log(
      `\npipe + parameter decorator cost  ${cost.toFixed(1)} µs CPU per call (rounds: ${diffs.map((d) => d.toFixed(1)).join(', ')})  target <= ${TARGET_US} µs: ${met ? 'met' : 'MISSED'}`,
    );
    process.exitCode = met ? 0 : 1;
  } catch (err) {
    console.error(`bench pipes: ${err.message}`);
    process.exitCode = 1;
  } finally {
    cleanUp();
  }
}
