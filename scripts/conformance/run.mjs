// `npm run conformance`: builds the conformance server, starts it on a free port, runs the official
// suite (pinned in package.json) against it and exits with the suite's code: non-zero on any scored
// failure. The suite runs the tasks extension's `tasks-*` scenarios too but does not score them
// (extensions are optional); this script fails the run if any of their checks fails, or if one did
// not run. The `tasks-*` scenarios then run a second time against a fixture server whose tasks live
// in Redis and run on BullMQ (REDIS_URL, default the local redis://127.0.0.1:6379; a redis-server is
// started when none answers), so both task backends pass them.
// `--legacy` runs the 2025-11-25 requirement set against the lenient server instead.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { deleteKeys } from '../lib/redis-keys.mjs';

const require = createRequire(import.meta.url);
const legacy = process.argv.includes('--legacy');
const requirements = legacy ? '2025-11-25' : '2026-07-28';
const TASK_SCENARIOS = 10;
const ALWAYS_SKIPPED = 'tasks-status-notifications';
const suite = require.resolve('@modelcontextprotocol/conformance/dist/index.js');
const shim = new URL('./fs-shim-register.mjs', import.meta.url).pathname;
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.conformance.json']);

const outputDir = `conformance-results/${requirements}`;
const before = existing(outputDir);
const memory = await startFixtureServer({});
let taskScenarios = [];
try {
  const result = spawnSync(
    process.execPath,
    ['--import', shim, suite, 'server', '--url', memory.url, '--requirements', requirements, '-o', outputDir],
    { stdio: 'inherit' },
  );
  console.log(`conformance ${requirements}: ${result.status === 0 ? 'every scored scenario passed' : 'FAILED'}`);
  process.exitCode = result.status ?? 1;
  if (!legacy) {
    taskScenarios = taskRuns(outputDir, before).map(({ scenario }) => scenario);
    if (!tasksPassed('in memory', outputDir, before)) process.exitCode = 1;
  }
} finally {
  await memory.stop();
}

if (!legacy) {
  const redisUrl = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `conformance:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const redisDir = `conformance-results/${requirements}-redis`;
  const redisBefore = existing(redisDir);
  const onRedis = await startFixtureServer({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix });
  try {
    for (const scenario of taskScenarios)
      spawnSync(process.execPath, ['--import', shim, suite, 'server', '--url', onRedis.url, '--scenario', scenario, '-o', redisDir], {
        stdio: 'inherit',
      });
    if (!tasksPassed('on Redis (BullMQ)', redisDir, redisBefore)) process.exitCode = 1;
  } finally {
    await onRedis.stop();
    await deleteKeys(redisUrl, prefix);
  }
}

/** Starts the fixture server (strict headers for 2026-07-28) on a free port with `env`. */
async function startFixtureServer(env) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const server = spawn(process.execPath, ['dist-conformance/test/conformance/main.js'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      REDIS_URL: '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MCP_STRICT_HEADERS: legacy ? '0' : '1',
      NODE_ENV: 'test',
    },
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  await waitUntilUp(`http://127.0.0.1:${port}/mcp`);
  return {
    url: `http://localhost:${port}/mcp`,
    async stop() {
      server.kill('SIGTERM');
      await exited;
    },
  };
}

function existing(dir) {
  return new Set(existsSync(dir) ? readdirSync(dir) : []);
}

/** The `tasks-*` scenario runs written to `dir` since `before`. */
function taskRuns(dir, before) {
  return readdirSync(dir)
    .filter((d) => !before.has(d) && d.startsWith('server-tasks-'))
    .map((d) => ({ dir: d, scenario: d.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '') }));
}

/** The ten `tasks-*` scenarios of this run: every check passed (one scenario is skipped by the suite itself). */
function tasksPassed(backend, dir, before) {
  const runs = taskRuns(dir, before);
  const problems = [];
  let checks = 0;
  for (const { dir: run, scenario } of runs) {
    for (const check of JSON.parse(readFileSync(`${dir}/${run}/checks.json`, 'utf8'))) {
      checks++;
      if (['SUCCESS', 'INFO', 'WARNING'].includes(check.status)) continue;
      if (check.status === 'SKIPPED' && scenario === ALWAYS_SKIPPED) continue;
      problems.push(`${scenario}: ${check.id} ${check.status}${check.errorMessage ? ` (${check.errorMessage})` : ''}`);
    }
  }
  if (runs.length < TASK_SCENARIOS) problems.push(`only ${runs.length} of ${TASK_SCENARIOS} tasks-* scenarios ran`);
  for (const problem of problems) console.error(`tasks extension ${backend}: ${problem}`);
  console.log(
    `tasks extension ${backend}: ${problems.length === 0 ? `all ${runs.length} tasks-* scenarios passed (${checks} checks)` : 'FAILED'}`,
  );
  return problems.length === 0;
}

/** A Redis that answers at `url`; on the local default, a redis-server without persistence is started if none does. */
async function ensureRedis(url) {
  if (await answers(url)) return url;
  if (url === 'redis://127.0.0.1:6379') {
    try {
      execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
      for (let i = 0; i < 50; i++) if (await answers(url)) return url;
    } catch {
      // No redis-server on PATH: said below.
    }
  }
  console.error('The tasks-* scenarios on Redis need a Redis: set REDIS_URL, or install redis-server (apt-get install redis-server).');
  process.exit(1);
}

async function answers(url) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    await sleep(100);
    return false;
  } finally {
    redis.disconnect();
  }
}

async function waitUntilUp(target) {
  for (let i = 0; i < 100; i++) {
    try {
      // Any HTTP answer means it listens (GET /mcp is 405 by design).
      await fetch(target);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('conformance server did not start');
}
