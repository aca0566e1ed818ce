import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { DemoReport } from '../client/demo-report.js';
import { freePort } from './support/free-port.js';
import { requireTool } from './support/system-tools.js';
import {
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';

const CLI = 'dist-client/cli.js';

/** Runs a command to completion; resolves with its exit code and output (never rejects on exit codes). */
function run(
  command: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const cli = (...args: string[]) => run(process.execPath, [CLI, ...args]);

// The CLI as users and the release scripts run it: the built client against the built server
// (`npm test` builds both first), in strict mode so a single missing header would fail the demo.
describe('npm run client (the demo CLI) against a real server process', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    if (!existsSync(CLI))
      throw new Error(
        `${CLI} is missing: run \`npm run build\` (npm test does it first)`,
      );
    server = await startServerProcess({
      MCP_STRICT_HEADERS: '1',
      WEBSITE_INSTANCE_ID: 'cli-e2e',
      SLOT_NAME: 'staging',
    });
  });
  afterAll(() => server.stop());

  it('prints the readable demo and exits 0', async () => {
    const { code, stdout } = await cli(server.url);
    expect(code).toBe(0);
    expect(stdout).toContain(`MCP 2026-07-28 client demo → ${server.url}`);
    expect(stdout).toMatch(/1\. server\/discover +stateless-mcp-nest/);
    expect(stdout).toMatch(/2\. tools\/list +5 tools: .*tally.*whoami/);
    expect(stdout).toContain(
      'cache hints: ttlMs 300000 (300 s), cacheScope public',
    );
    expect(stdout).toContain('a second tools/list was answered from the cache');
    expect(
      stdout.match(
        /#\d {2}instance cli-e2e {2}slot staging {2}trace [0-9a-f]{32}/g,
      ),
    ).toHaveLength(5);
    for (const [add, total] of [
      [1, 1],
      [2, 3],
      [3, 6],
      [4, 10],
      [5, 15],
    ]) {
      expect(stdout).toMatch(
        new RegExp(`add ${add} +→ total +${total} ✓ +instance cli-e2e`),
      );
    }
    expect(stdout).toMatch(
      /5\. wrong Mcp-Name +HTTP 400, -32020: Header mismatch/,
    );
    expect(stdout).toContain('Instances seen: cli-e2e ×10');
    expect(stdout).toContain('✓ every check passed');
  });

  it("takes the site's base URL (no path, or /) and talks to its /mcp", async () => {
    for (const base of [server.baseUrl, `${server.baseUrl}/`]) {
      const { code, stdout } = await cli(base, '--json');
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as DemoReport;
      expect(report.ok).toBe(true);
      expect(report.url).toBe(server.url);
    }
  });

  it('emits one JSON document with --json', async () => {
    const { code, stdout } = await cli(server.url, '--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout) as DemoReport;
    expect(report).toMatchObject({
      url: server.url,
      protocolVersion: '2026-07-28',
      ok: true,
      failures: [],
      discover: {
        supportedVersions: ['2026-07-28'],
        ttlMs: 300000,
        cacheScope: 'public',
      },
      tools: { secondListFromCache: true },
      headerMismatch: { code: -32020, httpStatus: 400 },
      instances: { 'cli-e2e': 10 },
    });
    expect(report.whoami).toHaveLength(5);
    expect(report.tally.map((c) => [c.total, c.calls])).toEqual([
      [1, 1],
      [3, 2],
      [6, 3],
      [10, 4],
      [15, 5],
    ]);
    expect(new Set(report.whoami.map((w) => w.traceparent)).size).toBe(5);
  });

  it('works exactly as the release scripts call it: npm run client -- <URL> --json', async () => {
    const { code, stdout } = await run('npm', [
      'run',
      'client',
      '--',
      server.url,
      '--json',
    ]);
    expect(code).toBe(0);
    // npm prints its own banner first; the report is the last line.
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as DemoReport;
    expect(report.ok).toBe(true);
  });
});

describe('npm run client against what is not a working MCP server', () => {
  it('exits 1 when nothing listens, naming the failure', async () => {
    const url = `http://127.0.0.1:${await freePort()}/mcp`;
    const readable = await cli(url);
    expect(readable.code).toBe(1);
    expect(readable.stdout).toMatch(
      /✗ 1 unexpected result\(s\):\n {2}- server\/discover: Cannot reach .*ECONNREFUSED/,
    );
    const json = await cli(url, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      failures: [expect.stringMatching(/ECONNREFUSED/)],
    });
  });

  it('exits 1 when the URL answers but is not the MCP endpoint', async () => {
    const server = await startServerProcess();
    try {
      const { code, stdout } = await cli(`${server.baseUrl}/not-mcp`, '--json');
      expect(code).toBe(1);
      const report = JSON.parse(stdout) as DemoReport;
      expect(report.ok).toBe(false);
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatch(/^server\/discover: HTTP 404/);
      // Which URL was tried, and where to look instead.
      expect(report.failures[0]).toContain(
        `HTTP 404 from POST ${server.baseUrl}/not-mcp: no MCP endpoint there; MCP servers usually serve it at /mcp (try ${server.url})`,
      );
    } finally {
      await server.stop();
    }
  });

  it('exits 2 on bad arguments', async () => {
    const { code, stderr } = await cli('ftp://example.com/mcp');
    expect(code).toBe(2);
    expect(stderr).toContain('Not an http(s) URL');
  });
});

// The release smoke test as a person runs it by hand: the site's URL, with or without /mcp.
const withCurl = requireTool('curl', 'the release smoke script test');
withCurl('scripts/release/smoke.sh <url> against a real server process', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ WEBSITE_INSTANCE_ID: 'smoke-e2e' });
  });
  afterAll(() => server.stop());

  it.each(['base', 'endpoint'] as const)(
    'passes when given the %s URL',
    async (form) => {
      const url = form === 'base' ? `${server.baseUrl}/` : server.url;
      const { code, stderr } = await run('bash', [
        'scripts/release/smoke.sh',
        url,
      ]);
      expect(stderr).toContain(`smoke test passed: ${server.baseUrl}\n`);
      expect(code).toBe(0);
    },
    90_000,
  );
});
