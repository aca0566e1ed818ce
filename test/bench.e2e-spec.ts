import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// `npm run bench` without load: how its targets decide the exit code, how it reads its command
// line, and that every bench and target is registered and written down in docs/performance.md.
// The bench's modules are plain JavaScript, loaded as they are shipped (a variable specifier).
const TARGETS: string = '../scripts/bench/targets.mjs';
const REGISTRY: string = '../scripts/bench/registry.mjs';
const CLI: string = '../scripts/bench/cli.mjs';

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
  'base-echo': [at(25_000), at(25_000)],
  echo: [at(25_000), at(25_000)],
  'raw-echo': [at(40_000), at(40_000)],
  'tally-signed': [at(8_000), at(8_000)],
  'tally-redis': [at(13_000), at(13_000)],
  bench_plain: [at(26_000, 37), at(26_000, 37)],
  bench_guarded: [at(21_000, 45), at(21_000, 45)],
  bench_piped: [at(22_000, 47), at(22_000, 47)],
});

describe('npm run bench: targets decide the exit code', () => {
  const run = async (
    byId: Record<string, Figures[]>,
    names?: string[],
    failures = new Map<string, Error>(),
  ) => {
    const { Results, evaluate, exitCode, BENCHES } = await load();
    const benches = names
      ? BENCHES.filter((b) => names.includes(b.name))
      : BENCHES;
    const checks: Check[] = evaluate(
      benches,
      new Results(rowsOf(byId)),
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
