import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './support/system-tools.js';
import { waitFor } from './support/wait-for.js';

const RUNNER = 'loadtest/local/run.mjs';
// A variable specifier: the runner's modules are plain JavaScript, loaded as they are shipped.
const REPORT: string = '../loadtest/local/report.mjs';
const HISTOGRAM: string = '../loadtest/local/histogram.mjs';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the runner; `onLine` may send it a signal once a line appears. */
function runner(
  args: string[],
  onLine?: (line: string, pid: number) => void,
): Promise<Run> {
  if (!existsSync('dist/main.js') || !existsSync('dist-client/index.js')) {
    throw new Error(
      'the build is missing: run `npm run build` (npm test does it first)',
    );
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stdout += text;
      for (const line of text.split('\n')) onLine?.(line, child.pid!);
    });
    child.stderr.on(
      'data',
      (chunk: Buffer) => (stderr += chunk.toString('utf8')),
    );
    child.on('exit', (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });
}

/** Process group ids alive right now (every child of the runner leads its own group). */
function liveGroups(): Set<number> {
  const out = execFileSync('ps', ['-eo', 'pgid='], { encoding: 'utf8' });
  return new Set(out.split('\n').filter(Boolean).map(Number));
}

/** Parses "Started (pids): redis 1, instance-1 2, …, nginx 9". */
function startedPids(stdout: string): Record<string, number> {
  const line = stdout
    .split('\n')
    .find((l) => l.startsWith('Started (pids): '))!;
  return Object.fromEntries(
    line
      .slice('Started (pids): '.length)
      .split(', ')
      .map((p) => [p.split(' ')[0], Number(p.split(' ')[1])]),
  );
}

/** Bytes a process has written so far, sockets included (Linux: `wchar` in /proc/PID/io). */
function bytesWritten(pid: number): number {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return Number(/^wchar: (\d+)$/m.exec(io)![1]);
}

const withNginx = requireTool(
  ['nginx', 'redis-server'],
  'npm run loadtest:local (nginx, and redis-server for its Redis backend)',
);
withNginx('npm run loadtest:local (three instances behind nginx)', () => {
  it('a short run on the Redis backend passes every check, writes the report and leaves nothing running', async () => {
    const out = mkdtempSync(join(tmpdir(), 'loadtest-report-'));
    try {
      const run = await runner([
        '--duration',
        '3',
        '--connections',
        '4',
        '--backend',
        'redis',
        '--out',
        out,
      ]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.any(String),
      });
      for (const id of ['instance-1', 'instance-2', 'instance-3'])
        expect(run.stdout).toMatch(
          new RegExp(`^ +${id} +\\d+ +\\d+\\.\\d % +█+$`, 'm'),
        );
      expect(run.stdout).toMatch(/✓ zero failed requests: 0 failed of \d+/);
      expect(run.stdout).toMatch(
        /✓ tally totals exact: [1-9]\d* tally calls in 2 chains, 0 mismatches/,
      );
      expect(run.stdout).toMatch(/Latency \(ms\): +count +p50 +p95 +p99/);

      const files = readdirSync(out);
      const html = readFileSync(
        join(
          out,
          files.find((f) => f.endsWith('.html'))!,
        ),
        'utf8',
      );
      expect(html).toContain('Local load run <span>PASS</span>');
      expect(html.match(/<svg /g)).toHaveLength(2);
      const summary = JSON.parse(
        readFileSync(
          join(
            out,
            files.find((f) => f.endsWith('.json'))!,
          ),
          'utf8',
        ),
      );
      expect(summary.ok).toBe(true);
      expect(summary.run).toMatchObject({
        backend: 'redis',
        instanceIds: ['instance-1', 'instance-2', 'instance-3'],
      });
      expect(
        summary.distribution.every(
          (d: { deviation: number }) => Math.abs(d.deviation) <= 0.1,
        ),
      ).toBe(true);

      const groups = liveGroups();
      for (const [name, pid] of Object.entries(startedPids(run.stdout)))
        expect([name, groups.has(pid)]).toEqual([name, false]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('SIGTERM mid-load stops the balancer, every instance and Redis', async () => {
    const out = mkdtempSync(join(tmpdir(), 'loadtest-report-'));
    try {
      let instances: number[] = [];
      let signalled: Promise<unknown> | undefined;
      const run = await runner(
        [
          '--duration',
          '60',
          '--connections',
          '2',
          '--backend',
          'redis',
          '--out',
          out,
        ],
        (line, pid) => {
          if (line.startsWith('Started (pids): '))
            instances = Object.entries(startedPids(line))
              .filter(([name]) => name.startsWith('instance-'))
              .map(([, instancePid]) => instancePid);
          if (!signalled && line.startsWith('Load: ')) {
            // Mid-load: every instance has written answers (some kB) since the load began.
            const before = instances.map(bytesWritten);
            signalled = waitFor(
              () =>
                instances.every(
                  (instance, i) => bytesWritten(instance) - before[i] > 16_384,
                ),
              { what: 'every instance to answer the load', timeoutMs: 30_000 },
            ).then(
              () => process.kill(pid, 'SIGTERM') && undefined,
              (err: unknown) => process.kill(pid, 'SIGTERM') && err,
            );
          }
        },
      );
      expect(await signalled).toBeUndefined();
      expect(run.code).toBe(143);
      expect(run.stderr).toContain(
        'SIGTERM: stopping everything this run started',
      );
      const pids = startedPids(run.stdout);
      expect(Object.keys(pids).sort()).toEqual([
        'instance-1',
        'instance-2',
        'instance-3',
        'nginx',
        'redis',
      ]);
      const groups = liveGroups();
      for (const [name, pid] of Object.entries(pids))
        expect([name, groups.has(pid)]).toEqual([name, false]);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage message on bad options', async () => {
    const run = await runner(['--backend', 'memcached']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--backend must be signed or redis');
  });
});

describe('the local run verdict (loadtest/local/report.mjs)', () => {
  const stats = (over: Record<string, unknown> = {}) => ({
    instances: { 'instance-1': 100, 'instance-2': 100, 'instance-3': 100 },
    latencies: { whoami: [1, 2, 3], compute_primes: [4], tally: [5] },
    requests: 300,
    failed: 0,
    resets: 0,
    failures: {},
    tally: { chains: 2, calls: 10, mismatches: 0 },
    elapsedMs: 1000,
    ...over,
  });
  const run = {
    instanceIds: ['instance-1', 'instance-2', 'instance-3'],
    backend: 'signed',
    durationS: 1,
    connections: 1,
    primeLimit: 10,
    nginx: 'nginx',
  };
  const failing = async (over: Record<string, unknown>) => {
    const { summarize } = await import(REPORT);
    const summary = summarize(stats(over), run);
    return summary.checks
      .filter((c: { ok: boolean }) => !c.ok)
      .map((c: { name: string }) => c.name);
  };

  it('passes an even, clean run and fails each criterion on its own', async () => {
    expect(await failing({})).toEqual([]);
    expect(await failing({ failed: 1 })).toEqual(['zero failed requests']);
    expect(await failing({ resets: 1 })).toEqual(['zero connection resets']);
    expect(
      await failing({ tally: { chains: 2, calls: 10, mismatches: 1 } }),
    ).toEqual(['tally totals exact']);
    expect(
      await failing({ tally: { chains: 2, calls: 0, mismatches: 0 } }),
    ).toEqual(['tally totals exact']);
    // 112 of 300 is 12 % above an even 100: outside ±10 %; 109 is inside.
    expect(
      await failing({
        instances: { 'instance-1': 112, 'instance-2': 94, 'instance-3': 94 },
      }),
    ).toEqual(['each instance within ±10 % of an even share']);
    expect(
      await failing({
        instances: { 'instance-1': 109, 'instance-2': 96, 'instance-3': 95 },
      }),
    ).toEqual([]);
    expect(
      await failing({ instances: { 'instance-1': 150, 'instance-2': 150 } }),
    ).toEqual(['each instance within ±10 % of an even share']);
    expect(
      await failing({
        instances: {
          'instance-1': 100,
          'instance-2': 100,
          'instance-3': 100,
          local: 1,
        },
      }),
    ).toEqual(['each instance within ±10 % of an even share']);
  });

  it('computes nearest-rank percentiles', async () => {
    const { percentile } = await import(REPORT);
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([
      percentile(values, 0.5),
      percentile(values, 0.95),
      percentile(values, 0.99),
      percentile([], 0.5),
    ]).toEqual([50, 95, 99, NaN]);
  });

  it('reports a soak of millions of samples (every sample in Math.max(...v) overflowed the stack)', async () => {
    const { summarize, formatText, formatHtml } = await import(REPORT);
    // 2.5 million latencies in one list: the shape of a 180 s run at ~14k req/s.
    const whoami = Array.from(
      { length: 2_500_000 },
      (_, i) => 1 + (i % 997) / 10,
    );
    const summary = summarize(
      stats({ latencies: { whoami, compute_primes: [4], tally: [5] } }),
      run,
    );
    expect(summary.latency.whoami.count).toBe(2_500_000);
    expect(summary.latency.whoami.max).toBeCloseTo(100.6, 6);
    expect(formatText(summary)).toContain('whoami');
    expect(formatHtml(summary)).toContain('latency histogram');
  });

  it('keeps latencies in a histogram of bounded size, quantiles within 1 % of the exact ones', async () => {
    const { LatencyHistogram } = await import(HISTOGRAM);
    const { percentile } = await import(REPORT);
    // Log-normal-ish latencies from 0.05 ms to seconds, a deterministic generator.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sample = Array.from({ length: 200_000 }, () =>
      Math.exp(-3 + 10 * next() * next()),
    );
    const h = LatencyHistogram.of(sample);
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = percentile(sample, q);
      expect(Math.abs(h.quantile(q) / exact - 1)).toBeLessThan(0.01);
    }
    expect(h.quantile(1)).toBe(sample.reduce((a, b) => Math.max(a, b)));
    expect(h.count).toBe(200_000);
    // Five million more samples: its size is bounded by the range of latencies, not the run's length
    // (0.01 ms to 10 min is under 800 buckets of 2 %).
    for (let i = 0; i < 5_000_000; i++) h.record(0.05 + (i % 20_000) / 10);
    expect(h.count).toBe(5_200_000);
    expect(h.buckets.size).toBeLessThan(1000);
    expect(LatencyHistogram.of([]).quantile(0.5)).toBeNaN();
  });
});
