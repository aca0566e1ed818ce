import { describe, expect, it } from '@jest/globals';
import { runDemo } from './demo.runner.js';
import { McpClient } from './mcp.client.js';
import { fakeFetch, json, ok, rpcError } from './testing/fake-fetch.js';

interface Behaviour {
  /** Total the tally tool reports on call n (1-based); defaults to the correct running sum. */
  tallyTotal?: (call: number, correct: number) => number;
  /** Whether a wrong Mcp-Name is refused with -32020. */
  checksHeaders?: boolean;
  ttlMs?: number;
  /** Offer the tasks extension, compute_primes ending with this count. */
  taskPrimes?: number;
}

/** An in-memory MCP server good enough for the demo, misbehaving as told. */
function fakeServer(behaviour: Behaviour = {}) {
  let sum = 0;
  let calls = 0;
  return fakeFetch((body, headers) => {
    const { id, method, params } = body;
    const hints = { ttlMs: behaviour.ttlMs ?? 1000, cacheScope: 'public' };
    const tasks = behaviour.taskPrimes !== undefined;
    if (method === 'server/discover')
      return ok(id, {
        supportedVersions: ['2026-07-28'],
        capabilities: {
          tools: {},
          ...(tasks
            ? { extensions: { 'io.modelcontextprotocol/tasks': {} } }
            : {}),
        },
        ...hints,
      });
    if (method === 'tools/list')
      return ok(id, {
        tools: [
          { name: 'whoami', inputSchema: {} },
          { name: 'tally', inputSchema: {} },
          ...(tasks ? [{ name: 'compute_primes', inputSchema: {} }] : []),
        ],
        ...hints,
      });
    const task = {
      taskId: 'tk_1',
      createdAt: '2026-11-27T10:00:00Z',
      lastUpdatedAt: '2026-11-27T10:00:00Z',
      ttlMs: 60_000,
      pollIntervalMs: 100,
    };
    if (params.name === 'compute_primes')
      return json({
        jsonrpc: '2.0',
        id,
        result: { resultType: 'task', ...task, status: 'working' },
      });
    if (method === 'tasks/get')
      return ok(id, {
        ...task,
        status: 'completed',
        result: {
          content: [],
          structuredContent: {
            limit: params.limit,
            prime_count: behaviour.taskPrimes,
            capped: false,
            instance_id: 'i5',
          },
        },
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
    expect(report.task).toBeUndefined();
    expect(
      sent.filter(
        (s) =>
          s.body.method.startsWith('tasks/') ||
          s.body.params.name === 'compute_primes',
      ),
    ).toEqual([]);
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

  it('runs compute_primes as a task when the server offers the extension', async () => {
    const { fetch, sent } = fakeServer({ taskPrimes: 664_579 });
    const report = await runDemo(new McpClient('http://x/mcp', { fetch }));
    expect(report.failures).toEqual([]);
    expect(report.task).toMatchObject({
      mode: 'task',
      status: 'completed',
      created: { taskId: 'tk_1' },
      polls: [{ poll: 1, status: 'completed' }],
    });
    const call = sent.find((s) => s.body.params.name === 'compute_primes')!;
    expect(call.body.params.arguments).toEqual({ limit: 10_000_000 });
    expect(
      call.body.params._meta['io.modelcontextprotocol/clientCapabilities'],
    ).toEqual({ extensions: { 'io.modelcontextprotocol/tasks': {} } });
  });

  it('fails on a task count that is not pi(10^7)', async () => {
    const { fetch } = fakeServer({ taskPrimes: 664_580 });
    const report = await runDemo(new McpClient('http://x/mcp', { fetch }));
    expect(report.failures).toEqual([
      'task: 664580 primes <= 10000000, expected 664579',
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
