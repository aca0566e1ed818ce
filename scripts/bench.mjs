// `npm run bench`: our server against a raw node:http server doing the same JSON work, with the same
// load; the same echo built from an earlier commit (side by side, alternating, in one run: the only
// comparison this shared machine's noise allows); `tally` on both handle backends against `echo`; and
// the CPU a guard plus an interceptor add to a tool call. Server on core 0, load generator on core 1
// where taskset exists (2-core machine). Prints req/s, requests per server CPU-second, server CPU µs
// per call, p50/p99 latency, RSS and the ratios. `node scripts/bench.mjs --help` for the options.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node scripts/bench.mjs [options]   (npm run bench -- [options] builds first)

Options:
  --only LIST      comma-separated benches to run (default: all):
                     raw      bare node:http doing echo's JSON work (the baseline)
                     echo     this build's echo tool (dist/main.js)
                     compare  echo built from the base ref, alternating with this build's echo
                     tally    tally continuing a handle, signed and Redis backends
                     guard    bench_plain vs bench_guarded (one guard + one interceptor),
                              on scripts/bench/bench-server.mjs
  --compare REF    git ref to compare echo against (default: $BENCH_BASE or 1b63b92);
                   built in a temporary git worktree, removed at the end
  --no-compare     same as leaving compare out of --only
  -h, --help       print this and exit

Environment: BENCH_DURATION (s per measurement, default 10), BENCH_CONNECTIONS (default 50),
BENCH_ROUNDS (default 2), BENCH_BASE (base ref, default 1b63b92), REDIS_URL (default
redis://127.0.0.1:6379, for the Redis backend).

Exit code 1 when a target is missed (a ratio is met on req/s or on per CPU-second):
  echo / raw >= 0.30, echo / base echo >= 0.95, tally signed / echo >= 0.60,
  tally redis / echo >= 0.70, guard + interceptor <= 20 µs server CPU per call.
`;

const BENCHES = ['raw', 'echo', 'compare', 'tally', 'guard'];
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      only: { type: 'string' },
      compare: { type: 'string' },
      'no-compare': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const selected = new Set(options.only ? options.only.split(',').map((s) => s.trim()) : BENCHES);
const unknown = [...selected].filter((b) => !BENCHES.includes(b));
if (unknown.length) {
  console.error(`Unknown bench: ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
if (options.compare !== undefined) selected.add('compare');
if (options['no-compare']) selected.delete('compare');
if (selected.has('compare')) selected.add('echo'); // a comparison needs both sides

const root = fileURLToPath(new URL('..', import.meta.url));
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const baseRef = options.compare ?? process.env.BENCH_BASE ?? '1b63b92';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();
const pin = (core, cmd, args) => (hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]);
const progress = (line) => process.stderr.write(`bench: ${line}\n`);

const call = (name, args) => ({
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
const echo = call('echo', { message: 'hi' });

function cpuSeconds(pid) {
  // utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 Hz on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** A port free right now on loopback (the OS picks it), so parallel runs never collide. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Every server process still running, killed on any exit so none outlives the bench. */
const children = new Set();

async function waitReady(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const res = await fetch(url, { method: 'POST', ...echo });
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`server at ${url} did not come up${child.stderrTail ? `:\n${child.stderrTail}` : ''}`);
}

/** Runs the load generator (asynchronously, so Ctrl-C cleans up at once) and returns its summary. */
function load(url, seconds, request) {
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

/** Starts a server, builds the request to drive (which may need the server, e.g. a handle), measures. */
async function measure({ name, start, prepare = async () => echo }) {
  const port = await freePort();
  const child = start(port);
  children.add(child);
  child.stderrTail = '';
  child.stderr?.on('data', (chunk) => (child.stderrTail = (child.stderrTail + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}/mcp`;
  try {
    await waitReady(url, child);
    const request = await prepare(url);
    await load(url, 3, request); // warm-up: JIT, pools, connections
    const cpu0 = cpuSeconds(child.pid);
    const result = await load(url, duration, request);
    const cpu = cpuSeconds(child.pid) - cpu0;
    if (result.non2xx || result.errors || result.timeouts) throw new Error(`${name}: ${JSON.stringify(result)}`);
    progress(`${name}: ${result.rps.toFixed(0)} req/s, ${((cpu * 1e6) / result.requests).toFixed(1)} µs CPU per call`);
    return { name, ...result, perCpuSecond: result.requests / cpu, cpuUs: (cpu * 1e6) / result.requests, rss: rssMb(child.pid) };
  } finally {
    child.kill('SIGKILL');
    children.delete(child);
  }
}

const keys = `bench:${Buffer.alloc(32, 7).toString('base64')}`;
const serverEnv = (port, env) => ({
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  WEBSITE_INSTANCE_ID: '',
  HANDLE_SIGNING_KEYS: keys,
  ...env,
});
const startNode = (script, cwd, env = {}) => (port) => {
  const [cmd, args] = pin(0, process.execPath, [script]);
  return spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: serverEnv(port, env) });
};
const startRaw = (port) => {
  const [cmd, args] = pin(0, process.execPath, [join(root, 'scripts/bench/raw-server.mjs'), String(port)]);
  return spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
};
/** A build's server: `dist/main.js` of the checkout at `dir`. */
const startOurs = (dir, env) => startNode(join(dir, 'dist/main.js'), dir, env);

/** A tally call continuing one handle: every request verifies, updates and re-issues it. */
const tallyChain = async (url) => {
  const first = await fetch(url, { method: 'POST', ...call('tally', { add: 1 }) }).then((r) => r.json());
  if (first.result?.isError !== undefined || !first.result?.structuredContent) throw new Error(`tally: ${JSON.stringify(first)}`);
  return call('tally', { handle: first.result.structuredContent.handle, add: 1 });
};

/**
 * Checks the guard and the interceptor really run around `bench_guarded` and not around
 * `bench_plain` (see bench-server.mjs), then returns the request to drive: `tool` with echo's
 * arguments.
 */
const enhancedCheck = (tool) => async (url) => {
  const post = (name, message) =>
    fetch(url, { method: 'POST', ...call(name, { message }) }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const denied = await post('bench_guarded', 'deny');
  const boom = await post('bench_guarded', 'boom');
  const plain = await post('bench_plain', 'deny');
  if (denied.status !== 403 || boom.body.result?.isError !== true || plain.body.result?.structuredContent?.message !== 'deny')
    throw new Error(`bench-server's guard or interceptor is not wired as expected: ${JSON.stringify({ denied, boom, plain })}`);
  return call(tool, { message: 'hi' });
};

/** The base build: a detached worktree of `ref` in a temporary directory, built with nest. */
let baseDir;
function removeBase() {
  if (!baseDir) return;
  const dir = baseDir;
  baseDir = undefined;
  // Unlink the node_modules symlink first, so nothing below can ever reach the shared packages.
  rmSync(join(dir, 'node_modules'), { force: true });
  try {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    try {
      execFileSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
    } catch {}
  }
}
function buildBase(ref) {
  let sha;
  try {
    sha = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`--compare: '${ref}' is not a commit in this repository`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-base-'));
  rmSync(dir, { recursive: true }); // git worktree add wants to create it
  progress(`building ${ref} (${sha.slice(0, 7)}) in ${dir}`);
  execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: root, stdio: 'ignore' });
  baseDir = dir;
  // The same installed packages as this checkout: only the dependencies of this build matter to it.
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'), 'dir');
  try {
    execFileSync(process.execPath, [join(dir, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    throw new Error(`building ${ref} failed:\n${`${err.stdout ?? ''}${err.stderr ?? ''}`.slice(-4000)}`);
  }
  return { dir, label: `base echo ${sha.slice(0, 7)}` };
}

function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  removeBase();
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

try {
  const base = selected.has('compare') ? buildBase(baseRef) : undefined;
  // One round runs each bench once; pairs sit side by side (base then this build, plain then guarded).
  const scenarios = [
    selected.has('raw') && { name: 'raw node:http echo', start: startRaw },
    base && { name: base.label, start: startOurs(base.dir, {}) },
    selected.has('echo') && { name: 'ours echo', start: startOurs(root, {}) },
    selected.has('tally') && { name: 'ours tally signed', start: startOurs(root, {}), prepare: tallyChain },
    selected.has('tally') && {
      name: 'ours tally redis',
      start: startOurs(root, { HANDLE_BACKEND: 'redis', REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench:${process.pid}:` }),
      prepare: tallyChain,
    },
    selected.has('guard') && { name: 'bench_plain', start: startNode(join(root, 'scripts/bench/bench-server.mjs'), root), prepare: enhancedCheck('bench_plain') },
    selected.has('guard') && { name: 'bench_guarded', start: startNode(join(root, 'scripts/bench/bench-server.mjs'), root), prepare: enhancedCheck('bench_guarded') },
  ].filter(Boolean);

  const rows = [];
  for (let r = 0; r < rounds; r++) {
    progress(`round ${r + 1} of ${rounds}`);
    for (const scenario of scenarios) rows.push({ round: r, ...(await measure(scenario)) });
  }
  removeBase();

  const runsOf = (name) => rows.filter((x) => x.name === name);
  const summary = Object.fromEntries(
    scenarios.map(({ name }) => {
      const pick = (key) => median(runsOf(name).map((x) => x[key]));
      return [name, { rps: pick('rps'), perCpuSecond: pick('perCpuSecond'), cpuUs: pick('cpuUs'), p50: pick('p50'), p99: pick('p99'), rss: pick('rss') }];
    }),
  );

  console.log(
    `\ntools/call, ${connections} connections, ${duration} s x ${rounds} rounds (median), taskset: ${hasTaskset ? 'server core 0, load core 1' : 'no'}`,
  );
  console.log('server                  req/s   req/CPU-s  CPU µs/call   p50 ms   p99 ms   RSS MB');
  for (const [name, s] of Object.entries(summary)) {
    const cells = [
      s.rps.toFixed(0).padStart(7),
      s.perCpuSecond.toFixed(0).padStart(11),
      s.cpuUs.toFixed(1).padStart(12),
      String(s.p50).padStart(8),
      String(s.p99).padStart(8),
      s.rss.toFixed(0).padStart(8),
    ];
    console.log(`${name.padEnd(21)} ${cells.join(' ')}`);
  }

  const checks = [];
  /** Ratio of two rows, in req/s and per CPU-second; a target is met on either (the machine is shared). */
  const ratio = (a, b, target) => {
    if (!summary[a] || !summary[b]) return;
    const rps = summary[a].rps / summary[b].rps;
    const cpu = summary[a].perCpuSecond / summary[b].perCpuSecond;
    const perRound = runsOf(a).map((x, i) => `${(x.rps / runsOf(b)[i].rps).toFixed(2)}/${(x.perCpuSecond / runsOf(b)[i].perCpuSecond).toFixed(2)}`);
    const value = `${rps.toFixed(2)}x req/s, ${cpu.toFixed(2)}x per CPU-s (rounds, req/s/CPU: ${perRound.join(', ')})`;
    checks.push([`${a} / ${b}`, value, target === undefined ? '' : `>= ${target.toFixed(2)}`, target === undefined || Math.max(rps, cpu) >= target]);
  };
  ratio('ours echo', 'raw node:http echo', 0.3);
  if (base) {
    ratio('ours echo', base.label, 0.95);
    ratio(base.label, 'raw node:http echo');
  }
  ratio('ours tally signed', 'ours echo', 0.6);
  ratio('ours tally redis', 'ours echo', 0.7);
  if (summary.bench_guarded && summary.bench_plain) {
    // Per round, guarded minus the plain run just before it, then the median: drift cancels out.
    const diffs = runsOf('bench_guarded').map((g, i) => g.cpuUs - runsOf('bench_plain')[i].cpuUs);
    const cost = median(diffs);
    const value = `${cost.toFixed(1)} µs CPU per call (rounds: ${diffs.map((d) => d.toFixed(1)).join(', ')})`;
    checks.push(['guard + interceptor cost', value, '<= 20 µs', cost <= 20]);
  }
  if (checks.length) {
    const width = Math.max(...checks.map(([label]) => label.length));
    console.log('');
    for (const [label, value, target, met] of checks)
      console.log(`${label.padEnd(width)}  ${value}${target ? `  target ${target}: ${met ? 'met' : 'MISSED'}` : ''}`);
  }
  process.exitCode = checks.every(([, , , met]) => met) ? 0 : 1;
} catch (err) {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
} finally {
  cleanUp();
}
