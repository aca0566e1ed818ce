// `npm run bench`: tools/call echo on our server (all validation on, lenient mode) against a raw
// node:http server doing the same JSON work, with the same load. Server on core 0, load generator
// on core 1 where taskset exists (2-core machine). Prints req/s, requests per server CPU-second,
// p50/p99 latency, RSS and the ratio ours/raw. Env: BENCH_DURATION (s, default 10),
// BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 2).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();
const pin = (core, cmd, args) => (hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]);

const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'echo',
    arguments: { message: 'hi' },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
    },
  },
});
const headers = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'echo',
};

function cpuSeconds(pid) {
  // utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 Hz on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function waitReady(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url, { method: 'POST', headers, body });
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`server at ${url} did not come up`);
}

function load(url, seconds) {
  const [cmd, args] = pin(1, process.execPath, ['scripts/bench/load.mjs', url, String(seconds), String(connections), body, JSON.stringify(headers)]);
  return JSON.parse(execFileSync(cmd, args, { encoding: 'utf8' }));
}

async function measure(name, port, start) {
  const child = start(port);
  const url = `http://127.0.0.1:${port}/mcp`;
  try {
    await waitReady(url);
    load(url, 3); // warm-up: JIT, pools
    const cpu0 = cpuSeconds(child.pid);
    const result = load(url, duration);
    const cpu = cpuSeconds(child.pid) - cpu0;
    if (result.non2xx || result.errors || result.timeouts) throw new Error(`${name}: ${JSON.stringify(result)}`);
    return { name, ...result, perCpuSecond: result.requests / cpu, rss: rssMb(child.pid) };
  } finally {
    child.kill('SIGKILL');
  }
}

const startRaw = (port) => {
  const [cmd, args] = pin(0, process.execPath, ['scripts/bench/raw-server.mjs', String(port)]);
  return spawn(cmd, args, { stdio: 'ignore' });
};
const startOurs = (port) => {
  const [cmd, args] = pin(0, process.execPath, ['dist/main.js']);
  return spawn(cmd, args, { stdio: 'ignore', env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', WEBSITE_INSTANCE_ID: '', HANDLE_SIGNING_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}` } });
};

const rows = [];
for (let r = 0; r < rounds; r++) {
  rows.push(await measure('raw node:http', 8201 + r * 2, startRaw));
  rows.push(await measure('stateless-mcp-nest', 8202 + r * 2, startOurs));
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const summary = ['raw node:http', 'stateless-mcp-nest'].map((name) => {
  const runs = rows.filter((x) => x.name === name);
  return {
    name,
    rps: median(runs.map((x) => x.rps)),
    perCpuSecond: median(runs.map((x) => x.perCpuSecond)),
    p50: median(runs.map((x) => x.p50)),
    p99: median(runs.map((x) => x.p99)),
    rss: median(runs.map((x) => x.rss)),
  };
});
const [raw, ours] = summary;
console.log(`tools/call echo, ${connections} connections, ${duration} s x ${rounds} rounds, taskset: ${hasTaskset ? 'server core 0, load core 1' : 'no'}`);
console.log('server               req/s   req/CPU-s   p50 ms   p99 ms   RSS MB');
for (const s of summary) {
  console.log(
    `${s.name.padEnd(18)} ${s.rps.toFixed(0).padStart(7)} ${s.perCpuSecond.toFixed(0).padStart(11)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${s.rss.toFixed(0).padStart(8)}`,
  );
}
const ratio = ours.rps / raw.rps;
const cpuRatio = ours.perCpuSecond / raw.perCpuSecond;
console.log(`ratio ours/raw: ${ratio.toFixed(2)}x req/s, ${cpuRatio.toFixed(2)}x per CPU-second (target >= 0.30x)`);
process.exitCode = Math.max(ratio, cpuRatio) >= 0.3 ? 0 : 1;
