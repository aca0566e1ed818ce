import { describe, expect, it } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './support/server-process.js';

// `npm run bench` without load: how its targets decide the exit code, how it reads its command
// line, and that every bench and target is registered and written down in docs/performance.md.
// The bench's modules are plain JavaScript, loaded as they are shipped (a variable specifier).
const TARGETS: string = '../scripts/bench/targets.mjs';
const REGISTRY: string = '../scripts/bench/registry.mjs';
const CLI: string = '../scripts/bench/cli.mjs';
const MCP: string = '../scripts/bench/mcp.mjs';

/** What `bench_burn` answers (scripts/bench/bench-server.mjs). */
interface BurnAnswer {
  result: { structuredContent: { burned_ms: number } };
}

interface Bound {
  op: '>=' | '<=';
  value: number;
  unit: string;
}
interface Bench {
  name: string;
  measures: string;
  round: unknown;
  targets?: { name: string; bound: Bound; protects: string }[];
  figures?: { name: string }[];
}
interface Check {
  name: string;
  value: string;
  status: 'PASS' | 'FAIL' | 'info';
}

const load = async () => {
  const { Results, evaluate, exitCode, formatBound } = await import(TARGETS);
  const { BENCHES } = (await import(REGISTRY)) as { BENCHES: Bench[] };
  return { Results, evaluate, exitCode, formatBound, BENCHES };
};

type Figures = { rps: number; perCpuSecond: number; cpuUs: number };
/** Rows of one run: per id, one set of figures per round. */
const rowsOf = (byId: Record<string, Figures[]>) =>
  Object.entries(byId).flatMap(([id, rounds]) =>
    rounds.map((f, round) => ({ id, label: id, round, ...f })),
  );
const at = (rps: number, cpuUs = 1e6 / rps): Figures => ({
  rps,
  perCpuSecond: 1e6 / cpuUs,
  cpuUs,
});
/** Two rounds in which every registered target holds, with room to spare. */
const healthy = (): Record<string, Figures[]> => ({
  'overload-capacity': [at(800)],
  'base-echo': [at(25_000), at(25_000)],
  echo: [at(25_000), at(25_000)],
  'raw-echo': [at(40_000), at(40_000)],
  'tally-signed': [at(8_000), at(8_000)],
  'tally-redis': [at(13_000), at(13_000)],
  bench_plain: [at(26_000, 37), at(26_000, 37)],
  bench_guarded: [at(21_000, 45), at(21_000, 45)],
  bench_piped: [at(22_000, 47), at(22_000, 47)],
});

/** What the overload bench keeps of one flood (scripts/bench/overload.bench.mjs, `figures`). */
interface Flood {
  admittedRps: number;
  refusedRps: number;
  offeredRps: number;
  sent: number;
  statuses: Record<string, number>;
  other: number;
  refused503: number;
  refusedWithoutRetryAfter: number;
  dropped: number;
  droppedBy: Record<string, number>;
  lateNoSocket?: number;
  behindSchedule?: number;
  admitted: { count: number; p50?: number; p99?: number; max?: number };
  health: {
    count: number;
    p50?: number;
    p99?: number;
    max?: number;
    probes: number;
    answered: number;
    failed: number;
    proberLagMs?: number;
  };
  healthFailures: Record<string, number>;
  rssMb: number;
}
/** A flood within every bound of the overload bench, changed by `change`. */
const flood = (change: Partial<Flood> = {}): Flood => ({
  admittedRps: 700,
  refusedRps: 3_300,
  offeredRps: 4_000,
  sent: 240_000,
  statuses: { 200: 42_000, 503: 198_000 },
  other: 0,
  refused503: 198_000,
  refusedWithoutRetryAfter: 0,
  dropped: 0,
  droppedBy: { timeouts: 0, resets: 0 },
  lateNoSocket: 0,
  behindSchedule: 0,
  admitted: { count: 42_000, p50: 20, p99: 120, max: 300 },
  health: {
    count: 600,
    p50: 2,
    p99: 30,
    max: 60,
    probes: 600,
    answered: 600,
    failed: 0,
  },
  healthFailures: {},
  rssMb: 220,
  ...change,
});
/** The rows of the overload bench's runs: id (run and mode) → its flood. */
const floodRows = (byId: Record<string, Flood>) =>
  Object.entries(byId).map(([id, overload]) => ({
    id,
    label: id,
    round: 0,
    overload,
  }));
const healthyFloods = (): Record<string, Flood> => ({
  'overload-closed-on': flood({ admittedRps: 18_000 }),
  'overload-open-on': flood(),
});
/** The names of the targets the overload bench holds each flood with admission on to. */
const FLOOD_TARGETS = ['2,000 connections', '5× capacity'].flatMap((run) => [
  `${run}: /healthz p99`,
  `${run}: failed probes`,
  `${run}: dropped`,
  `${run}: other statuses`,
  `${run}: 503 without Retry-After`,
  `${run}: admitted p99`,
  `${run}: max RSS`,
  ...(run === '5× capacity' ? [`${run}: admitted / capacity`] : []),
]);

describe('npm run bench: targets decide the exit code', () => {
  const run = async (
    byId: Record<string, Figures[]>,
    names?: string[],
    failures = new Map<string, Error>(),
    floods = healthyFloods(),
  ) => {
    const { Results, evaluate, exitCode, BENCHES } = await load();
    const benches = names
      ? BENCHES.filter((b) => names.includes(b.name))
      : BENCHES;
    const checks: Check[] = evaluate(
      benches,
      new Results([...rowsOf(byId), ...floodRows(floods)]),
      failures,
    );
    return {
      code: exitCode(checks) as number,
      failed: checks.filter((c) => c.status === 'FAIL').map((c) => c.name),
      checks,
    };
  };

  it('exits 0 when every target holds, and 1 when any one fails on its own', async () => {
    const ok = await run(healthy());
    expect(ok.code).toBe(0);
    expect(ok.failed).toEqual([]);
    expect(
      ok.checks.filter((c) => c.status === 'PASS').map((c) => c.name),
    ).toEqual([
      'echo / base echo',
      'echo / raw node:http',
      'guard + interceptor, CPU per call',
      'pipe + parameter decorator, CPU per call',
      ...FLOOD_TARGETS,
    ]);

    const slowerThanMain = { ...healthy(), echo: [at(23_000), at(23_000)] };
    expect(await run(slowerThanMain)).toMatchObject({
      code: 1,
      failed: ['echo / base echo'],
    });

    const slowHotPath = {
      ...healthy(),
      'base-echo': [at(20_000), at(20_000)],
      echo: [at(20_000), at(20_000)],
    };
    expect(await run(slowHotPath)).toMatchObject({
      code: 1,
      failed: ['echo / raw node:http'],
    });

    const costlyGuard = {
      ...healthy(),
      bench_guarded: [at(15_000, 58), at(15_000, 58)],
    };
    expect(await run(costlyGuard)).toMatchObject({
      code: 1,
      failed: ['guard + interceptor, CPU per call'],
    });

    const costlyPipe = {
      ...healthy(),
      bench_piped: [at(15_000, 58), at(15_000, 58)],
    };
    expect(await run(costlyPipe)).toMatchObject({
      code: 1,
      failed: ['pipe + parameter decorator, CPU per call'],
    });
  });

  it('holds a bound exactly at its value, and a ratio on the higher of req/s and per CPU-second', async () => {
    const exact = {
      ...healthy(),
      echo: [at(22_000)],
      'raw-echo': [at(40_000)],
    };
    expect((await run(exact, ['echo'])).code).toBe(0);
    // 0.50x in req/s (the server was starved of CPU), 0.60x per CPU-second: it holds.
    const starved = {
      echo: [at(20_000, 1e6 / 24_000)],
      'raw-echo': [at(40_000)],
    };
    expect((await run(starved, ['echo'])).code).toBe(0);
    const both = { echo: [at(20_000)], 'raw-echo': [at(40_000)] };
    expect((await run(both, ['echo'])).code).toBe(1);
  });

  it('takes the guard cost round by round, then the median', async () => {
    const guard = (plain: number[], guarded: number[]) => ({
      bench_plain: plain.map((us) => at(26_000, us)),
      bench_guarded: guarded.map((us) => at(21_000, us)),
    });
    // Differences 5, 30 and 10 µs: the median is 10.
    const spike = await run(guard([37, 37, 37], [42, 67, 47]), ['guard']);
    expect(spike.code).toBe(0);
    expect(spike.checks[0].value).toBe('10 µs');
    // Pairs, not medians: 25 and 10 µs side by side hold (the lower middle of two is 10), where
    // the medians of each side (35 - 10) would not.
    expect((await run(guard([10, 90], [35, 100]), ['guard'])).code).toBe(0);
  });

  it('fails a target whose servers were not measured and a bench that failed; figures never fail', async () => {
    const noRaw = healthy();
    delete noRaw['raw-echo'];
    const missing = await run(noRaw, ['echo']);
    expect(missing).toMatchObject({
      code: 1,
      failed: ['echo / raw node:http'],
    });
    expect(missing.checks[0].value).toBe('not measured');

    const redisDown = await run(
      healthy(),
      ['tally'],
      new Map([['tally', new Error('server did not come up')]]),
    );
    expect(redisDown).toMatchObject({
      code: 1,
      failed: ['tally ran to the end'],
    });

    // tally has figures only: a stateful call far slower than echo is reported, not failed.
    const slowTally = {
      echo: [at(25_000)],
      'tally-signed': [at(2_000)],
      'tally-redis': [at(2_000)],
    };
    const figures = await run(slowTally, ['tally']);
    expect(figures.code).toBe(0);
    expect(figures.checks.map((c) => [c.name, c.status])).toEqual([
      ['tally signed / echo', 'info'],
      ['tally redis / echo', 'info'],
    ]);
  });

  it('evaluates only the benches that ran', async () => {
    const guardOnly = {
      bench_plain: [at(26_000, 37)],
      bench_guarded: [at(21_000, 45)],
    };
    expect(await run(guardOnly, ['guard'])).toMatchObject({
      code: 0,
      failed: [],
    });
  });
});

describe('npm run bench: the overload targets', () => {
  const run = async (floods: Record<string, Flood>, capacity = 800) => {
    const { Results, evaluate, exitCode, BENCHES } = await load();
    const overload = BENCHES.filter((b) => b.name === 'overload');
    const checks: Check[] = evaluate(
      overload,
      new Results([
        ...rowsOf({ 'overload-capacity': [at(capacity)] }),
        ...floodRows(floods),
      ]),
    );
    return {
      code: exitCode(checks) as number,
      failed: checks.filter((c) => c.status === 'FAIL').map((c) => c.name),
      checks,
    };
  };

  it('holds every flood with admission on to each bound, on its own', async () => {
    expect(await run(healthyFloods())).toMatchObject({ code: 0, failed: [] });
    const closed = (change: Partial<Flood>) =>
      run({ ...healthyFloods(), 'overload-closed-on': flood(change) });
    const open = (change: Partial<Flood>) =>
      run({ ...healthyFloods(), 'overload-open-on': flood(change) });
    const health = flood().health;
    for (const [result, target] of [
      [
        await closed({ health: { ...health, p99: 101 } }),
        '2,000 connections: /healthz p99',
      ],
      [
        await closed({
          health: { ...health, failed: 1 },
          healthFailures: { timeout: 1 },
        }),
        '2,000 connections: failed probes',
      ],
      [
        await open({ dropped: 1, droppedBy: { resets: 1 } }),
        '5× capacity: dropped',
      ],
      [
        await open({ other: 2, statuses: { 200: 10, 500: 2 } }),
        '5× capacity: other statuses',
      ],
      [
        await closed({ refusedWithoutRetryAfter: 1 }),
        '2,000 connections: 503 without Retry-After',
      ],
      [
        await open({ admitted: { count: 10, p50: 100, p99: 251 } }),
        '5× capacity: admitted p99',
      ],
      [await closed({ rssMb: 351 }), '2,000 connections: max RSS'],
      [await open({ admittedRps: 639 }), '5× capacity: admitted / capacity'],
    ] as const)
      expect(result).toMatchObject({ code: 1, failed: [target] });
    // 640 of 800 req/s is exactly 0.80: it holds.
    expect((await open({ admittedRps: 640 })).code).toBe(0);
  });

  it('fails a flood that answered no probe or admitted no call, and one that did not run', async () => {
    const silent = await run({
      ...healthyFloods(),
      'overload-closed-on': flood({
        health: { count: 0, probes: 20, answered: 0, failed: 20 },
        admitted: { count: 0 },
      }),
    });
    expect(silent.failed).toEqual(
      expect.arrayContaining([
        '2,000 connections: /healthz p99',
        '2,000 connections: admitted p99',
      ]),
    );
    const noOpen = await run({
      'overload-closed-on': flood({ admittedRps: 18_000 }),
    });
    expect(noOpen.failed).toEqual(
      FLOOD_TARGETS.filter((t) => t.startsWith('5× capacity')),
    );
    expect(
      noOpen.checks.find((c) => c.name === '5× capacity: dropped')?.value,
    ).toBe('not measured');
  });

  it('reports the floods with admission off as figures only, however bad', async () => {
    const collapsed = flood({
      admittedRps: 300,
      health: {
        count: 600,
        p50: 2_000,
        p99: 2_000,
        max: 2_000,
        probes: 600,
        answered: 5,
        failed: 595,
      },
      dropped: 9_000,
      admitted: { count: 18_000, p50: 5_000, p99: 9_800, max: 9_990 },
      rssMb: 900,
    });
    const { code, checks } = await run({
      ...healthyFloods(),
      'overload-closed-off': collapsed,
      'overload-open-off': collapsed,
    });
    expect(code).toBe(0);
    const off = checks.filter((c) => c.name.startsWith('admission off'));
    expect(off.map((c) => c.status)).toEqual(off.map(() => 'info'));
    expect(off.map((c) => c.name)).toContain(
      'admission off, 5× capacity: admitted / capacity',
    );
    expect(
      off.find((c) => c.name === 'admission off, 2,000 connections: dropped')
        ?.value,
    ).toBe('9000');
  });
});

describe('npm run bench: command line', () => {
  const parse = async (argv: string[], env: Record<string, string> = {}) => {
    const { parseCli } = await import(CLI);
    const { BENCHES } = await load();
    return parseCli(
      argv,
      env,
      BENCHES.map((b) => b.name),
    );
  };

  it('reads --only, --compare and the environment', async () => {
    const { BENCHES } = await load();
    expect(await parse([])).toMatchObject({
      only: BENCHES.map((b) => b.name),
      compare: undefined,
      duration: 10,
      rounds: 2,
      connections: 50,
      overloadSeconds: 60,
      overloadCompare: false,
    });
    expect((await parse(['--only', 'guard, echo'])).only).toEqual([
      'echo',
      'guard',
    ]);
    expect(
      await parse(['--only', 'echo', '--compare', 'abc123']),
    ).toMatchObject({ only: ['compare', 'echo'], compare: 'abc123' });
    expect((await parse(['--no-compare'])).only).not.toContain('compare');
    expect(
      await parse([], { BENCH_BASE: 'v1', BENCH_DURATION: '2.5' }),
    ).toMatchObject({ compare: 'v1', duration: 2.5 });
    expect((await parse(['--overload-compare'])).overloadCompare).toBe(true);
    expect(
      await parse([], {
        BENCH_OVERLOAD_COMPARE: '1',
        BENCH_OVERLOAD_SECONDS: '2',
      }),
    ).toMatchObject({ overloadCompare: true, overloadSeconds: 2 });
    expect(
      (await parse([], { BENCH_OVERLOAD_COMPARE: '0' })).overloadCompare,
    ).toBe(false);
  });

  it('refuses what it cannot run as a usage error', async () => {
    const { UsageError } = await import(CLI);
    for (const [argv, env] of [
      [['--only', 'echo,nope'], {}],
      [['--compare', 'x', '--no-compare'], {}],
      [['--bogus'], {}],
      [['extra'], {}],
      [[], { BENCH_ROUNDS: '1.5' }],
      [[], { BENCH_DURATION: 'abc' }],
      [[], { BENCH_CONNECTIONS: '0' }],
      [[], { BENCH_OVERLOAD_SECONDS: '-1' }],
      [[], { BENCH_OVERLOAD_COMPARE: 'yes' }],
    ] as [string[], Record<string, string>][])
      await expect(parse(argv, env)).rejects.toBeInstanceOf(UsageError);
  });

  const bench = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['scripts/bench.mjs', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 30_000,
    });

  it('prints its help with every bench and target, and exits 2 on a usage error', async () => {
    const { BENCHES, formatBound } = await load();
    const help = bench(['--help']);
    expect(help.status).toBe(0);
    for (const b of BENCHES) {
      expect(help.stdout).toContain(` ${b.name} `);
      for (const t of b.targets ?? [])
        expect(help.stdout).toContain(`${t.name} ${formatBound(t.bound)}`);
    }
    const unknown = bench(['--only', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown bench: nope');
    expect(unknown.stderr).toContain('Usage:');
    expect(bench([], { BENCH_ROUNDS: 'two' }).status).toBe(2);
  });

  it('exits 2 when the base to compare against is not a commit, before building anything', () => {
    if (!existsSync('dist/main.js'))
      throw new Error(
        'the build is missing: run `npm run build` (npm test does it first)',
      );
    const run = bench(['--only', 'compare', '--compare', 'no-such-ref-xyz']);
    expect(run.stderr).toContain("'no-such-ref-xyz' is not a commit");
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('building');
  });
});

describe('npm run bench: registry and docs', () => {
  it('registers every *.bench.mjs once, each with a name, what it measures and a round', async () => {
    const { BENCHES } = await load();
    const files = readdirSync('scripts/bench')
      .filter((f) => f.endsWith('.bench.mjs'))
      .map((f) => f.replace(/\.bench\.mjs$/, ''))
      .sort();
    expect(BENCHES.map((b) => b.name).sort()).toEqual(files);
    for (const b of BENCHES) {
      expect(b.measures).toEqual(expect.any(String));
      expect(typeof b.round).toBe('function');
      for (const t of b.targets ?? [])
        expect(t.protects).toEqual(expect.any(String));
    }
  });

  it('writes down every target with its bound in docs/performance.md', async () => {
    const { BENCHES, formatBound } = await load();
    const doc = readFileSync('docs/performance.md', 'utf8');
    const section = /\n## Targets\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    const documented = rows
      .map((l) => /^\| `([^`]+)` \((\w+)\) \| ([^|]+) \|/.exec(l))
      .map((m) => (m ? `${m[1]} (${m[2]}) ${m[3].trim()}` : 'unreadable row'));
    const registered = BENCHES.flatMap((b) =>
      (b.targets ?? []).map(
        (t) => `${t.name} (${b.name}) ${formatBound(t.bound)}`,
      ),
    );
    expect(documented.sort()).toEqual(registered.sort());
  });
});

describe('npm run bench: the overload helpers', () => {
  interface LoadResult {
    sent: number;
    statuses: Record<string, number>;
    refusedWithoutRetryAfter: number;
    admittedByTool: Record<string, number>;
    dropped: number;
    admitted: { count: number };
    seconds: Record<string, number>[];
  }
  interface ProbeResult {
    probes: number;
    answered: number;
    failed: number;
    failures: Record<string, number>;
    latency: { count: number };
  }
  /** Runs a helper of scripts/bench/overload as the bench does: a process, JSON in and out. */
  const helper = <T>(name: string, config: object, stdinOpen = false) => {
    let close = () => {};
    const result = new Promise<T>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [`scripts/bench/overload/${name}`, JSON.stringify(config)],
        { encoding: 'utf8', maxBuffer: 1 << 22, timeout: 30_000 },
        (err, stdout, stderr) =>
          err
            ? reject(new Error(`${name}: ${err.message}${stderr}`))
            : resolve(JSON.parse(stdout) as T),
      );
      close = () => child.stdin?.end();
      if (!stdinOpen) close();
    });
    return { result, close };
  };
  const request = (body: string) => ({
    body,
    headers: { 'content-type': 'application/json' },
  });
  const total = (statuses: Record<string, number>) =>
    Object.values(statuses).reduce((a, b) => a + b, 0);

  /**
   * A server that answers its n-th call by n % 10: 503 with Retry-After, 503 without, 429, 500,
   * a dropped connection, and five 200s; what it did, by status (and `dropped`,
   * `withoutRetryAfter`).
   */
  const misbehaving = async () => {
    const did: Record<string, number> = {};
    let n = 0;
    const server = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        const kind = n++ % 10;
        const answer = (status: number, headers = {}) => {
          did[status] = (did[status] ?? 0) + 1;
          res.writeHead(status, headers).end('{}');
        };
        if (kind === 0) answer(503, { 'retry-after': '1' });
        else if (kind === 1) {
          did.withoutRetryAfter = (did.withoutRetryAfter ?? 0) + 1;
          answer(503);
        } else if (kind === 2) answer(429, { 'retry-after': '1' });
        else if (kind === 3) answer(500);
        else if (kind === 4) {
          did.dropped = (did.dropped ?? 0) + 1;
          req.socket.destroy();
        } else answer(200);
      });
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/mcp`,
      did,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  };

  it('counts every answer of the open loop: statuses, 503s without Retry-After, dropped calls', async () => {
    const server = await misbehaving();
    try {
      const open = await helper<LoadResult>('open.mjs', {
        url: server.url,
        startAt: Date.now(),
        seconds: 1,
        rate: 100,
        sockets: 10,
        requests: [request('{"a":1}'), request('{"b":2}')],
      }).result;
      expect(open.sent).toBe(100);
      expect(open.statuses).toEqual({ 200: 50, 503: 20, 429: 10, 500: 10 });
      expect(open.refusedWithoutRetryAfter).toBe(10);
      expect(open.dropped).toBe(10);
      expect(open.admitted.count).toBe(50);
      const perSecond = (key: string) =>
        open.seconds.reduce((a, s) => a + (s[key] ?? 0), 0);
      expect(perSecond('offered')).toBe(100);
      expect(perSecond('admitted')).toBe(50);
      expect(perSecond('refused')).toBe(30);
      expect(perSecond('other')).toBe(10);
      expect(perSecond('dropped')).toBe(10);
    } finally {
      server.close();
    }
  });

  it('counts every answer of the closed loop, up to the calls cut by its end', async () => {
    const server = await misbehaving();
    const connections = 4;
    try {
      const closed = await helper<LoadResult>('closed.mjs', {
        url: server.url,
        startAt: Date.now(),
        seconds: 1,
        connections,
        requests: [request('{}')],
      }).result;
      // Each connection may have had one call in flight when the run stopped.
      const within = (seen: number, done: number) => {
        expect(seen).toBeLessThanOrEqual(done);
        expect(seen).toBeGreaterThanOrEqual(done - connections);
      };
      for (const status of ['200', '503', '429', '500'])
        within(closed.statuses[status] ?? 0, server.did[status] ?? 0);
      within(closed.dropped, server.did.dropped ?? 0);
      within(
        closed.refusedWithoutRetryAfter,
        server.did.withoutRetryAfter ?? 0,
      );
      expect(closed.dropped).toBeGreaterThan(0);
      expect(total(closed.statuses) + closed.dropped).toBeLessThanOrEqual(
        closed.sent,
      );
    } finally {
      server.close();
    }
  });

  it('counts a probe that cannot connect as a failed probe', async () => {
    const server = await misbehaving();
    const url = server.url.replace('/mcp', '/healthz');
    server.close();
    const probe = await helper<ProbeResult>('prober.mjs', {
      url,
      startAt: Date.now(),
    }).result;
    expect(probe.probes).toBeGreaterThanOrEqual(1);
    expect(probe).toMatchObject({
      failed: probe.probes,
      answered: 0,
      latency: { count: 0 },
    });
    expect(probe.failures).toEqual({ refused: probe.probes });
  });

  it('drives the real bench server for a second: every call answered 200, 503 or 429, every probe accounted for', async () => {
    const server = await startServerProcess(
      {},
      { script: 'scripts/bench/bench-server.mjs' },
    );
    try {
      const { call, post } = (await import(MCP)) as {
        call: (name: string, args: object) => { body: string };
        post: (
          url: string,
          request: object,
        ) => Promise<{ status: number; body: BurnAnswer }>;
      };
      const burn = await post(server.url, call('bench_burn', {}));
      expect(burn.status).toBe(200);
      expect(
        burn.body.result.structuredContent.burned_ms,
      ).toBeGreaterThanOrEqual(2);

      const startAt = Date.now();
      const prober = helper<ProbeResult>(
        'prober.mjs',
        { url: `${server.baseUrl}/healthz`, startAt },
        true,
      );
      let open: LoadResult;
      let closed: LoadResult;
      try {
        open = await helper<LoadResult>('open.mjs', {
          url: server.url,
          startAt,
          seconds: 1,
          rate: 40,
          sockets: 20,
          requests: [call('bench_burn', {}), call('echo', { message: 'hi' })],
        }).result;
        closed = await helper<LoadResult>('closed.mjs', {
          url: server.url,
          startAt: Date.now(),
          seconds: 1,
          connections: 4,
          requests: [call('echo', { message: 'hi' })],
        }).result;
      } finally {
        prober.close();
      }
      const probe = await prober.result;
      for (const load of [open, closed]) {
        expect(
          Object.keys(load.statuses).filter(
            (s) => !['200', '503', '429'].includes(s),
          ),
        ).toEqual([]);
        expect(load.dropped).toBe(0);
        expect(load.refusedWithoutRetryAfter).toBe(0);
      }
      expect(open.sent).toBe(40);
      expect(total(open.statuses)).toBe(40);
      expect(total(open.admittedByTool)).toBe(open.statuses[200] ?? 0);
      expect(
        Object.keys(open.admittedByTool).filter(
          (tool) => tool !== 'bench_burn' && tool !== 'echo',
        ),
      ).toEqual([]);
      expect(total(closed.statuses)).toBeGreaterThan(0);
      expect(probe.probes).toBeGreaterThanOrEqual(1);
      expect(probe.failed + probe.answered).toBe(probe.probes);
    } finally {
      await server.stop('SIGKILL');
    }
  });
});

describe('npm run bench: the overload chart', () => {
  it('draws the series of both modes into one SVG, and says what is missing when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overload-chart-'));
    try {
      const second = (t: number, admission: boolean) => ({
        t,
        admitted: admission ? 700 : 400,
        refused: admission ? 3_300 : 0,
        other: 0,
        dropped: 0,
        healthMaxMs: admission ? 3 : t === 1 ? undefined : 900,
        healthFailed: !admission && t === 1 ? 10 : 0,
        rssMb: 200,
      });
      for (const mode of ['on', 'off'])
        writeFileSync(
          join(dir, `overload-${mode}.json`),
          JSON.stringify({
            mode,
            when: '2026-12-07T02:00:00.000Z',
            seconds: 3,
            capacityRps: 800,
            rate: 4_000,
            runs: Object.fromEntries(
              ['closed', 'open'].map((run) => [
                run,
                { series: [0, 1, 2].map((t) => second(t, mode === 'on')) },
              ]),
            ),
          }),
        );
      const out = join(dir, 'overload.svg');
      const chart = (args: string[]) =>
        spawnSync(
          process.execPath,
          ['scripts/bench/overload/chart.mjs', ...args],
          { encoding: 'utf8', timeout: 30_000 },
        );
      expect(chart([dir, out]).status).toBe(0);
      const svg = readFileSync(out, 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain('stroke-dasharray="6 4"'); // admission off
      expect(svg).toContain('capacity 800 req/s, 3 s per run');
      expect(svg.match(/>×</g)).toHaveLength(2); // one second of failed probes, per run
      const empty = mkdtempSync(join(tmpdir(), 'overload-chart-empty-'));
      const missing = chart([empty, join(empty, 'x.svg')]);
      rmSync(empty, { recursive: true, force: true });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('--only overload --overload-compare');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
