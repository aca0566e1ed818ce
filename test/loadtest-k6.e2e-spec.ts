import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';

const TSC = resolve('node_modules/typescript/bin/tsc');
const SCRIPT = resolve('loadtest/k6-mcp.js');

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 60_000 },
      (err, stdout, stderr) =>
        done({
          code: err ? (typeof err.code === 'number' ? err.code : -1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

// k6 cannot be installed offline (a Go binary, not an npm or Debian package): the script is
// type-checked against @types/k6 so it cannot rot, and run through a small k6 shim so its logic is
// exercised for real.
describe('loadtest/k6-mcp.js type-check (@types/k6)', () => {
  it('passes tsc --checkJs with loadtest/tsconfig.json', async () => {
    const { code, stdout } = await run([TSC, '-p', 'loadtest/tsconfig.json']);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
  });

  it('fails on a k6 API misuse, so the check can catch rot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k6-typecheck-'));
    try {
      const broken = readFileSync(SCRIPT, 'utf8').replace(
        'http.post(MCP_URL, body, { headers,',
        'http.post(MCP_URL, body, { header: headers,',
      );
      writeFileSync(join(dir, 'k6-mcp.js'), broken);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: resolve('loadtest/tsconfig.json'),
          compilerOptions: { typeRoots: [resolve('node_modules/@types')] },
          files: [join(dir, 'k6-mcp.js'), resolve('loadtest/k6-jslib.d.ts')],
        }),
      );
      const { code, stdout } = await run([
        TSC,
        '-p',
        join(dir, 'tsconfig.json'),
      ]);
      expect(code).not.toBe(0);
      expect(stdout).toMatch(/k6-mcp\.js.*'header' does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadtest/k6-mcp.js run through the k6 shim against a strict server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      MCP_STRICT_HEADERS: '1',
      WEBSITE_INSTANCE_ID: 'k6-instance',
    });
  });
  afterAll(() => server.stop());

  it('speaks 2026-07-28 on every request, keeps exact tally chains and prints the per-instance distribution', async () => {
    const { code, stdout, stderr } = await run(
      ['test/k6-shim/run.mjs', SCRIPT, '2', '6'],
      { BASE_URL: server.baseUrl, TALLY_EVERY: '2', PRIME_LIMIT: '1000' },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(stdout);

    const checks = [
      ...result.checks.checks,
      ...result.checks.groups.flatMap((g: { checks: unknown[] }) => g.checks),
    ];
    expect(checks.filter((c) => c.fails > 0)).toEqual([]);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c.passes]));
    // 2 VUs × 6 iterations, a tally link on every other iteration: 12 mix calls + 6 tally calls.
    expect(byName).toMatchObject({
      'status 200': 18,
      'tally: total exact': 6,
      'tally: calls exact': 6,
      'k6-instance': 18,
    });
    expect(result.metrics.mcp_tally_mismatches).toBeUndefined();
    // The mix is random (80/20): whoami and tally are certain here, compute_primes likely.
    const tools = new Set(
      result.metrics.mcp_tool_latency_ms.map(
        (s: { tags: { tool: string } }) => s.tags.tool,
      ),
    );
    expect(
      [...tools].every((t) =>
        ['whoami', 'compute_primes', 'tally'].includes(t as string),
      ),
    ).toBe(true);
    expect(tools.has('whoami') && tools.has('tally')).toBe(true);

    const traceparents = new Set<string>();
    for (const req of result.requests) {
      const body = JSON.parse(req.body);
      expect(req.headers).toMatchObject({
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': '2026-07-28',
        'Mcp-Method': body.method,
        traceparent: body.params._meta.traceparent,
      });
      if (body.method === 'tools/call')
        expect(req.headers['Mcp-Name']).toBe(body.params.name);
      expect(body.params._meta).toMatchObject({
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': {
          name: 'k6-mcp',
          version: expect.any(String),
        },
      });
      traceparents.add(body.params._meta.traceparent);
    }
    expect(
      result.requests
        .map((r: { body: string }) => JSON.parse(r.body).method)
        .slice(0, 2),
    ).toEqual(['server/discover', 'tools/list']);
    expect(traceparents.size).toBe(result.requests.length);

    const printed: string = result.summary.stdout;
    expect(printed).toContain('(k6 shim text summary)');
    expect(printed).toContain('=== Instance distribution ===');
    expect(printed).toMatch(/k6-instance +18 +100\.0 % +█{40}/);
    expect(printed).toContain('summarize hits = count() by cloud_RoleInstance');
  });

  it('takes BASE_URL with or without /mcp (both mean the site)', async () => {
    for (const base of [`${server.url}/`, server.url]) {
      const { code, stdout } = await run(
        ['test/k6-shim/run.mjs', SCRIPT, '1', '1'],
        { BASE_URL: base, TALLY_EVERY: '2', PRIME_LIMIT: '1000' },
      );
      expect(code).toBe(0);
      const urls = new Set(
        (JSON.parse(stdout) as { requests: { url: string }[] }).requests.map(
          (r) => r.url,
        ),
      );
      expect([...urls]).toEqual([server.url]);
    }
  });

  it('ramps 0→10→30→0 over 100 s by default, scaled by TIME_SCALE and VU_SCALE, with the thresholds', async () => {
    const defaults = JSON.parse(
      (
        await run(['test/k6-shim/run.mjs', SCRIPT, '0', '0'], {
          BASE_URL: server.baseUrl,
        })
      ).stdout,
    ).options;
    const stages = defaults.scenarios.steady_load.stages as {
      duration: string;
      target: number;
    }[];
    expect(stages.map((s) => s.target)).toEqual([10, 30, 30, 0]);
    expect(stages.reduce((sum, s) => sum + parseInt(s.duration, 10), 0)).toBe(
      100,
    );
    expect(defaults.thresholds).toEqual({
      http_req_failed: ['rate<0.01'],
      'http_req_duration{tool:whoami}': ['p(95)<800'],
      'checks{kind:mcp}': ['rate>0.99'],
      mcp_tally_mismatches: ['count==0'],
    });
    const scaled = JSON.parse(
      (
        await run(['test/k6-shim/run.mjs', SCRIPT, '0', '0'], {
          BASE_URL: server.baseUrl,
          TIME_SCALE: '0.1',
          VU_SCALE: '0.5',
        })
      ).stdout,
    ).options;
    expect(scaled.scenarios.steady_load.stages).toEqual([
      { duration: '2s', target: 5 },
      { duration: '5s', target: 15 },
      { duration: '3s', target: 15 },
      { duration: '1s', target: 0 },
    ]);
  });
});
