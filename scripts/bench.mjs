// `npm run bench`: our server against a raw node:http server doing the same JSON work, with the same
// load, then `tally` on both handle backends against `echo`. Server on core 0, load generator on core 1
// where taskset exists (2-core machine). Prints req/s, requests per server CPU-second, p50/p99
// latency, RSS and the ratios. Env: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50),
// BENCH_ROUNDS (default 2), REDIS_URL (default redis://127.0.0.1:6379, for the Redis backend).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
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

async function waitReady(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url, { method: 'POST', ...echo });
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`server at ${url} did not come up`);
}

function load(url, seconds, request) {
  const args = ['scripts/bench/load.mjs', url, String(seconds), String(connections), request.body, JSON.stringify(request.headers)];
  const [cmd, pinned] = pin(1, process.execPath, args);
  return JSON.parse(execFileSync(cmd, pinned, { encoding: 'utf8' }));
}

/** Starts a server, builds the request to drive (which may need the server, e.g. a handle), measures. */
async function measure(name, port, start, prepare = async () => echo) {
  const child = start(port);
  const url = `http://127.0.0.1:${port}/mcp`;
  try {
    await waitReady(url);
    const request = await prepare(url);
    load(url, 3, request); // warm-up: JIT, pools, connections
    const cpu0 = cpuSeconds(child.pid);
    const result = load(url, duration, request);
    const cpu = cpuSeconds(child.pid) - cpu0;
    if (result.non2xx || result.errors || result.timeouts) throw new Error(`${name}: ${JSON.stringify(result)}`);
    return { name, ...result, perCpuSecond: result.requests / cpu, rss: rssMb(child.pid) };
  } finally {
    child.kill('SIGKILL');
  }
}

const keys = `bench:${Buffer.alloc(32, 7).toString('base64')}`;
const startRaw = (port) => {
  const [cmd, args] = pin(0, process.execPath, ['scripts/bench/raw-server.mjs', String(port)]);
  return spawn(cmd, args, { stdio: 'ignore' });
};
const startOurs = (env) => (port) => {
  const [cmd, args] = pin(0, process.execPath, ['dist/main.js']);
  const base = { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', WEBSITE_INSTANCE_ID: '', HANDLE_SIGNING_KEYS: keys };
  return spawn(cmd, args, { stdio: 'ignore', env: { ...process.env, ...base, ...env } });
};
/** A tally call continuing one handle: every request verifies, updates and re-issues it. */
const tallyChain = async (url) => {
  const first = await fetch(url, { method: 'POST', ...call('tally', { add: 1 }) }).then((r) => r.json());
  if (first.result?.isError !== undefined || !first.result?.structuredContent) throw new Error(`tally: ${JSON.stringify(first)}`);
  return call('tally', { handle: first.result.structuredContent.handle, add: 1 });
};

const scenarios = [
  ['raw node:http echo', startRaw],
  ['ours echo', startOurs({})],
  ['ours tally signed', startOurs({}), tallyChain],
  ['ours tally redis', startOurs({ HANDLE_BACKEND: 'redis', REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench:${process.pid}:` }), tallyChain],
];
const rows = [];
let port = 8201;
for (let r = 0; r < rounds; r++) {
  for (const [name, start, prepare] of scenarios) rows.push(await measure(name, port++, start, prepare));
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const summary = Object.fromEntries(
  scenarios.map(([name]) => {
    const runs = rows.filter((x) => x.name === name);
    const pick = (key) => median(runs.map((x) => x[key]));
    return [name, { rps: pick('rps'), perCpuSecond: pick('perCpuSecond'), p50: pick('p50'), p99: pick('p99'), rss: pick('rss') }];
  }),
);
console.log(`tools/call, ${connections} connections, ${duration} s x ${rounds} rounds, taskset: ${hasTaskset ? 'server core 0, load core 1' : 'no'}`);
console.log('server                  req/s   req/CPU-s   p50 ms   p99 ms   RSS MB');
for (const [name, s] of Object.entries(summary)) {
  const cells = [s.rps.toFixed(0).padStart(7), s.perCpuSecond.toFixed(0).padStart(11), String(s.p50).padStart(8), String(s.p99).padStart(8)];
  console.log(`${name.padEnd(21)} ${cells.join(' ')} ${s.rss.toFixed(0).padStart(8)}`);
}
/** Ratio of two rows, in req/s and per CPU-second; a target is met on either (the machine is shared). */
const ratio = (a, b, target) => {
  const rps = summary[a].rps / summary[b].rps;
  const cpu = summary[a].perCpuSecond / summary[b].perCpuSecond;
  console.log(`${a} / ${b}: ${rps.toFixed(2)}x req/s, ${cpu.toFixed(2)}x per CPU-second (target >= ${target.toFixed(2)}x)`);
  return Math.max(rps, cpu) >= target;
};
const met = [ratio('ours echo', 'raw node:http echo', 0.3), ratio('ours tally signed', 'ours echo', 0.6), ratio('ours tally redis', 'ours echo', 0.7)];
process.exitCode = met.every(Boolean) ? 0 : 1;
