import { describe, expect, it } from '@jest/globals';
import { runDemo } from './demo.runner.js';
import { McpClient } from './mcp.client.js';
import { fakeFetch, ok, rpcError } from './testing/fake-fetch.js';

interface Behaviour {
  /** Total the tally tool reports on call n (1-based); defaults to the correct running sum. */
  tallyTotal?: (call: number, correct: number) => number;
  /** Whether a wrong Mcp-Name is refused with -32020. */
  checksHeaders?: boolean;
  ttlMs?: number;
}

/** An in-memory MCP server good enough for the demo, misbehaving as told. */
function fakeServer(behaviour: Behaviour = {}) {
  let sum = 0;
  let calls = 0;
  return fakeFetch((body, headers) => {
    const { id, method, params } = body;
    const hints = { ttlMs: behaviour.ttlMs ?? 1000, cacheScope: 'public' };
    if (method === 'server/discover')
      return ok(id, {
        supportedVersions: ['2026-07-28'],
        capabilities: { tools: {} },
        ...hints,
      });
    if (method === 'tools/list')
      return ok(id, {
        tools: [
          { name: 'whoami', inputSchema: {} },
          { name: 'tally', inputSchema: {} },
        ],
        ...hints,
      });
    if (
      behaviour.checksHeaders !== false &&
      headers['Mcp-Name'] !== params.name
    )
      return rpcError(id, -32020, 'Header mismatch', 400);
    if (params.name === 'whoami')
      return ok(id, {
        content: [],
        structuredContent: { instance_id: `i${id % 2}` },
      });
    calls++;
    sum += params.arguments.add;
    const total = behaviour.tallyTotal ? behaviour.tallyTotal(calls, sum) : sum;
    return ok(id, {
      content: [],
      structuredContent: {
        handle: `h${calls}`,
        total,
        calls,
        instance_id: 'i9',
      },
    });
  });
}

describe('runDemo', () => {
  it('passes against a well-behaved server and counts the instances', async () => {
    const { fetch, sent } = fakeServer();
    const report = await runDemo(new McpClient('http://x/mcp', { fetch }));
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tally.map((t) => t.total)).toEqual([1, 3, 6, 10, 15]);
    expect(report.instances).toEqual({ i0: 2, i1: 3, i9: 5 });
    const tallyArgs = sent
      .filter((s) => s.body.params.name === 'tally')
      .map((s) => s.body.params.arguments);
    expect(tallyArgs).toEqual([
      { add: 1 },
      { handle: 'h1', add: 2 },
      { handle: 'h2', add: 3 },
      { handle: 'h3', add: 4 },
      { handle: 'h4', add: 5 },
    ]);
  });

  it('fails on a tally total the chain does not imply', async () => {
    const { fetch } = fakeServer({
      tallyTotal: (call, correct) => (call === 3 ? correct + 1 : correct),
    });
    const report = await runDemo(new McpClient('http://x/mcp', { fetch }));
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual(['tally #3: total 7, expected 6']);
  });

  it('fails when the server accepts a wrong Mcp-Name', async () => {
    const { fetch } = fakeServer({ checksHeaders: false });
    const report = await runDemo(new McpClient('http://x/mcp', { fetch }));
    expect(report.failures).toEqual([
      expect.stringMatching(/^wrong Mcp-Name: the server accepted/),
    ]);
  });

  it('fails when list results are not cacheable as promised', async () => {
    const { fetch } = fakeServer({ ttlMs: -1 });
    const report = await runDemo(new McpClient('http://x/mcp', { fetch }));
    expect(report.failures).toEqual([
      'server/discover: ttlMs -1 is not an integer ≥ 0',
      'tools/list: ttlMs -1 is not an integer ≥ 0',
    ]);
  });
});
