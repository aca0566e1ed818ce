#!/usr/bin/env node
// npm run loadtest:local -- [--duration 20] [--connections 8] [--backend signed|redis] ...
//
// Three server instances (node dist/main.js) behind a real round-robin balancer (nginx), the k6 mix
// driven through it with autocannon plus exact-checked tally chains, then the per-instance spread,
// errors and latency percentiles, an HTML report in loadtest/results/, and a non-zero exit unless:
// zero failed requests, zero connection resets, exact tally totals, every instance within ±10 %
// of an even share. Everything started here is stopped at the end, also on Ctrl-C / SIGTERM.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureNginx, nginxVersion, startNginx } from './nginx.mjs';
import {
  freePort,
  killAllNow,
  running,
  start,
  stop,
  waitFor,
} from './processes.mjs';
import { startRedis } from './redis.mjs';
import { formatHtml, formatText, summarize } from './report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE = `Usage: npm run loadtest:local -- [options]
  --duration S       seconds of load (default 20)
  --connections N    autocannon connections (default 8)
  --backend B        handle store: signed (default; shared HANDLE_SIGNING_KEYS) or redis (a private redis-server)
  --instances N      server instances behind nginx (default 3)
  --prime-limit N    compute_primes limit (default 20000, as in k6)
  --tally-chains N   concurrent tally chains checked exact (default 2)
  --out DIR          where the HTML/JSON report goes (default loadtest/results)
  --hold             afterwards keep the balancer and instances up (try npm run client -- <URL>) until Ctrl-C
Needs a build (npm run build) and nginx (installed with apt-get if missing).`;

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '8' },
    backend: { type: 'string', default: 'signed' },
    instances: { type: 'string', default: '3' },
    'prime-limit': { type: 'string', default: '20000' },
    'tally-chains': { type: 'string', default: '2' },
    out: { type: 'string', default: join(ROOT, 'loadtest/results') },
    hold: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const durationS = positive('duration', opts.duration);
const connections = positive('connections', opts.connections);
const instanceCount = positive('instances', opts.instances);
const primeLimit = positive('prime-limit', opts['prime-limit']);
const tallyChains = positive('tally-chains', opts['tally-chains']);
const backend = opts.backend;
if (backend !== 'signed' && backend !== 'redis')
  usage(`--backend must be signed or redis, not ${backend}`);
for (const built of ['dist/main.js', 'dist-client/index.js']) {
  if (!existsSync(join(ROOT, built)))
    usage(`${built} is missing: run \`npm run build\` first`);
}
// Imported once the build is known to exist: both use the compiled client library.
const { McpClient } = await import('../../dist-client/index.js');
const { driveLoad } = await import('./load.mjs');

const work = mkdtempSync(join(tmpdir(), 'mcp-loadtest-'));
/** Stop functions by tier (store, instances, balancer); a tier stops together, the last first. */
/** @type {(() => Promise<void>)[][]} */
const stoppers = [];
/** @type {(() => void) | undefined} */
let stopLoad;
/** @type {Promise<void> | undefined} */
let cleaning;
let interrupted = false;
const cleanup = () =>
  (cleaning ??= (async () => {
    stopLoad?.();
    // Balancer first (no new requests), then the instances, then the store behind them.
    for (const tier of stoppers.reverse())
      await Promise.all(
        tier.map((stopOne) => stopOne().catch(() => undefined)),
      );
    killAllNow();
  })());
for (const [signal, code] of /** @type {const} */ ([
  ['SIGINT', 130],
  ['SIGTERM', 143],
])) {
  process.on(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping everything this run started…`);
    cleanup()
      .then(() => rmSync(work, { recursive: true, force: true }))
      .finally(() => process.exit(code));
  });
}
process.on('exit', killAllNow);

try {
  process.exitCode = await main();
} catch (err) {
  console.error(
    `loadtest:local failed: ${/** @type {Error} */ (err).message}\n(logs in ${work})`,
  );
  process.exitCode = 2;
} finally {
  await cleanup();
  if (process.exitCode === 0) rmSync(work, { recursive: true, force: true });
  else console.error(`Logs of the instances, nginx and redis kept in ${work}`);
}

async function main() {
  const nginxBin = ensureNginx();
  const signingKeys = `lt1:${randomBytes(32).toString('base64')}`;
  /** @type {Record<string, string>} */
  const store = { HANDLE_BACKEND: backend };
  if (backend === 'redis') {
    const redis = await startRedis(work, await freePort());
    stoppers.push([redis.stop]);
    Object.assign(store, {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `loadtest:${process.pid}:`,
    });
  }

  const instanceIds = Array.from(
    { length: instanceCount },
    (_, i) => `instance-${i + 1}`,
  );
  const ports = [];
  const servers = [];
  /** @type {(() => Promise<void>)[]} */
  const instanceStoppers = [];
  stoppers.push(instanceStoppers);
  for (const id of instanceIds) {
    const port = await freePort();
    const env = {
      ...process.env,
      ...store,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      WEBSITE_INSTANCE_ID: id,
      WEBSITE_SITE_NAME: 'loadtest-local',
      SLOT_NAME: 'local',
      // Same keys everywhere: a handle minted by one instance verifies on the others.
      HANDLE_SIGNING_KEYS: signingKeys,
      MCP_STRICT_HEADERS: '1',
      // Longer than nginx's upstream keepalive_timeout (60 s): no keep-alive race (Node closing an
      // idle socket just as nginx reuses it).
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '245000',
      PRIMES_WORKERS: '1',
    };
    const child = start(id, process.execPath, [join(ROOT, 'dist/main.js')], {
      env,
      log: join(work, `${id}.log`),
      cwd: ROOT,
    });
    instanceStoppers.push(() => stop(child));
    ports.push(port);
    servers.push({ id, port, child });
  }
  await Promise.all(
    servers.map((s) =>
      waitFor(
        `${s.id} on :${s.port}`,
        () =>
          new McpClient(`http://127.0.0.1:${s.port}/mcp`, {
            cache: false,
            timeoutMs: 2000,
          }).discover(),
        { child: s.child },
      ),
    ),
  );

  const lbPort = await freePort();
  const nginx = startNginx(nginxBin, join(work, 'nginx'), lbPort, ports);
  stoppers.push([nginx.stop]);
  const url = `http://127.0.0.1:${lbPort}/mcp`;
  await waitFor(
    'nginx',
    () => new McpClient(url, { cache: false, timeoutMs: 2000 }).discover(),
    { child: nginx.child, timeoutMs: 10_000 },
  );

  const nginxName = nginxVersion(nginxBin);
  console.log(
    `Started (pids): ${running()
      .map((c) => `${c.name} ${c.pid}`)
      .join(', ')}`,
  );
  console.log(
    `Load: ${durationS} s, ${connections} connections + ${tallyChains} tally chains → ${url} (${nginxName}, ${instanceCount} instances, backend ${backend})`,
  );
  const stats = await driveLoad({
    url,
    durationS,
    connections,
    primeLimit,
    tallyChains,
    client: new McpClient(url),
    onStart: (stopFn) => (stopLoad = stopFn),
  });
  stopLoad = undefined;
  // A signal cut the load short: no verdict on a partial run; the signal handler exits.
  if (interrupted) await new Promise(() => undefined);

  // nginx logs what the client only sees as a 502: connections the instances reset or closed
  // under it (the keep-alive race) count as resets; every error line is listed for diagnosis.
  const errors = readFileSync(nginx.errorLog, 'utf8')
    .split('\n')
    .filter((line) => /\[(error|crit|alert|emerg)\]/.test(line));
  stats.resets += errors.filter((line) =>
    /reset by peer|prematurely closed/.test(line),
  ).length;
  for (const line of errors) {
    const why = `nginx: ${line.replace(/^\S+ \S+ /, '').slice(0, 160)}`;
    stats.failures[why] = (stats.failures[why] ?? 0) + 1;
  }

  const summary = summarize(stats, {
    instanceIds,
    backend,
    durationS,
    connections,
    primeLimit,
    nginx: nginxName,
  });
  console.log(`\n${formatText(summary)}`);
  mkdirSync(opts.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const html = join(opts.out, `local-${stamp}.html`);
  writeFileSync(html, formatHtml(summary));
  writeFileSync(
    join(opts.out, `local-${stamp}.json`),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
  console.log(`\nReport: ${html}`);
  if (opts.hold) {
    console.log(
      `\nHolding: the balancer stays at ${url} (try: npm run client -- ${url}). Ctrl-C stops everything.`,
    );
    await new Promise(() => setInterval(() => undefined, 60_000)); // until a signal handler exits
  }
  return summary.ok ? 0 : 1;
}

/**
 * @param {string} name
 * @param {string | undefined} value
 */
function positive(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    usage(`--${name} needs a positive integer, not ${value}`);
  return n;
}

/** @param {string} message @returns {never} */
function usage(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
