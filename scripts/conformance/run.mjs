// `npm run conformance`: builds the conformance server, starts it on a free port, runs the official
// suite (pinned in package.json) against it and exits with the suite's code: non-zero on any scored
// failure. The suite runs the tasks extension's `tasks-*` scenarios too but does not score them
// (extensions are optional); this script fails the run if any of their checks fails, or if one did
// not run. `--legacy` runs the 2025-11-25 requirement set against the lenient server instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const legacy = process.argv.includes('--legacy');
const requirements = legacy ? '2025-11-25' : '2026-07-28';
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.conformance.json']);

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, ['dist-conformance/test/conformance/main.js'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MCP_STRICT_HEADERS: legacy ? '0' : '1', NODE_ENV: 'test' },
});
const url = `http://localhost:${port}/mcp`;
const outputDir = `conformance-results/${requirements}`;
const before = new Set(existsSync(outputDir) ? readdirSync(outputDir) : []);
try {
  await waitUntilUp(`http://127.0.0.1:${port}/mcp`);
  const suite = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');
  const shim = new URL('./fs-shim-register.mjs', import.meta.url).pathname;
  const result = spawnSync(process.execPath, ['--import', shim, suite, 'server', '--url', url, '--requirements', requirements, '-o', outputDir], {
    stdio: 'inherit',
  });
  console.log(`conformance ${requirements}: ${result.status === 0 ? 'every scored scenario passed' : 'FAILED'}`);
  process.exitCode = result.status ?? 1;
  if (!legacy && !tasksPassed()) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
}

/** The ten `tasks-*` scenarios of this run: every check passed (one scenario is skipped by the suite itself). */
function tasksPassed() {
  const TASK_SCENARIOS = 10;
  const ALWAYS_SKIPPED = 'tasks-status-notifications';
  const runs = readdirSync(outputDir).filter((d) => !before.has(d) && d.startsWith('server-tasks-'));
  const problems = [];
  for (const dir of runs) {
    const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
    const checks = JSON.parse(readFileSync(`${outputDir}/${dir}/checks.json`, 'utf8'));
    for (const check of checks) {
      if (['SUCCESS', 'INFO', 'WARNING'].includes(check.status)) continue;
      if (check.status === 'SKIPPED' && scenario === ALWAYS_SKIPPED) continue;
      problems.push(`${scenario}: ${check.id} ${check.status}${check.errorMessage ? ` (${check.errorMessage})` : ''}`);
    }
  }
  if (runs.length < TASK_SCENARIOS) problems.push(`only ${runs.length} of ${TASK_SCENARIOS} tasks-* scenarios ran`);
  for (const problem of problems) console.error(`tasks extension: ${problem}`);
  console.log(`tasks extension: ${problems.length === 0 ? `all ${runs.length} tasks-* scenarios passed` : 'FAILED'}`);
  return problems.length === 0;
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
