// Bench of tasks (SEP-2663): the time from creating a trivial task (`compute_primes` of 1,000, a
// task because the synchronous cap is set below it) to the first `tasks/get` that shows it
// completed, on one instance with tasks in memory, on one instance with Redis (BullMQ) and on three
// instances sharing Redis (created and polled round robin, as behind App Service's balancer).
// Each of BENCH_TASKS_CONCURRENCY clients creates a task and polls it every millisecond until it
// ends, then the next; p50 and p99 over BENCH_TASKS tasks per setup, after a warm-up.
//
//   node scripts/bench/tasks.mjs            (after `npm run build`; REDIS_URL, default local)
//
// As a module: `run({ log, track })` resolves with the figures; `tasks.bench.mjs` is the bench
// `npm run bench` can register (`--only tasks`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deleteKeys } from '../lib/redis-keys.mjs';

/** This bench's name in `npm run bench -- --only …`. */
export const name = 'tasks';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const PRIMES_BELOW_1000 = 168;

/**
 * Runs the three setups and resolves with `{ setups: [{ id, name, tasks, p50, p99, mean, max }] }`
 * (milliseconds). Options: `tasks` per setup, `concurrency`, `redisUrl`, `log(line)`, and
 * `track(child)`, called with every server process it starts (the bench runner kills them on exit).
 */
export async function run({
  tasks = Number(process.env.BENCH_TASKS ?? 200),
  concurrency = Number(process.env.BENCH_TASKS_CONCURRENCY ?? 4),
  redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  log = (line) => process.stderr.write(`bench tasks: ${line}\n`),
  track = (child) => child,
} = {}) {
  const prefix = `bench:tasks:${process.pid}:${randomBytes(3).toString('hex')}:`;
  const setups = [
    { id: 'tasks-memory', name: '1 instance, memory', instances: 1, env: { REDIS_URL: '' } },
    { id: 'tasks-redis-1', name: '1 instance, Redis (BullMQ)', instances: 1, env: { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${prefix}1:` } },
    { id: 'tasks-redis-3', name: '3 instances, Redis (BullMQ)', instances: 3, env: { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${prefix}3:` } },
  ];
  const results = [];
  for (const setup of setups) {
    const servers = await Promise.all(
      Array.from({ length: setup.instances }, (_, i) =>
        startServer({ ...setup.env, ...(setup.instances > 1 ? { WEBSITE_INSTANCE_ID: `bench-${i}` } : {}) }, track),
      ),
    );
    try {
      const urls = servers.map((s) => s.url);
      await drive(urls, Math.min(20, tasks), concurrency); // warm-up: JIT, pools, connections
      const times = await drive(urls, tasks, concurrency);
      const figures = { id: setup.id, ...summary(setup.name, times) };
      log(`${setup.name}: p50 ${figures.p50} ms, p99 ${figures.p99} ms over ${figures.tasks} tasks`);
      results.push(figures);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }
  if (setups.some((s) => s.env.REDIS_URL)) await deleteKeys(redisUrl, prefix);
  return { setups: results };
}

/** Creates `count` tasks from `concurrency` clients, round robin over `urls`; the times, ms. */
async function drive(urls, count, concurrency) {
  const times = [];
  let next = 0;
  const client = async () => {
    for (let i = next++; i < count; i = next++) {
      const create = urls[i % urls.length];
      const started = performance.now();
      const created = await post(create, 'tools/call', 'compute_primes', {
        name: 'compute_primes',
        arguments: { limit: 1000 },
      });
      if (created?.resultType !== 'task') throw new Error(`no task: ${JSON.stringify(created)}`);
      for (let poll = i + 1; ; poll++) {
        const task = await post(urls[poll % urls.length], 'tasks/get', created.taskId, { taskId: created.taskId });
        if (task.status === 'completed') {
          times.push(performance.now() - started);
          if (task.result?.structuredContent?.prime_count !== PRIMES_BELOW_1000)
            throw new Error(`wrong result: ${JSON.stringify(task.result)}`);
          break;
        }
        if (task.status !== 'working') throw new Error(`task ended ${task.status}: ${JSON.stringify(task)}`);
        await sleep(1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return times;
}

async function post(url, method, nameHeader, params) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      'mcp-name': nameHeader,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': { extensions: { [TASKS_EXTENSION]: {} } },
        },
      },
    }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (ms) => Math.round(ms * 10) / 10;
  return {
    name,
    tasks: sorted.length,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    max: round(sorted.at(-1)),
  };
}

/** `node dist/main.js` on a free port, as App Service runs it; resolves once it answers. */
async function startServer(env, track) {
  const port = await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const child = track(spawn(process.execPath, [join(root, 'dist/main.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HANDLE_SIGNING_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
      WEBSITE_INSTANCE_ID: '',
      COMPUTE_PRIMES_MAX: '100',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
  }));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}/mcp`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url);
      break;
    } catch {
      if (i > 300 || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`server did not start:\n${stderr}`);
      }
      await sleep(100);
    }
  }
  return {
    url,
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { setups } = await run();
  console.log('\ncreate → terminal record, trivial task (compute_primes 1000 as a task)');
  console.log('setup                          tasks   p50 ms   p99 ms   mean ms   max ms');
  for (const s of setups)
    console.log(
      `${s.name.padEnd(30)} ${String(s.tasks).padStart(5)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.mean).padStart(9)} ${String(s.max).padStart(8)}`,
    );
}
