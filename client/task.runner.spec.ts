import { describe, expect, it } from '@jest/globals';
import { McpClient } from './mcp.client.js';
import { formatTaskRun, taskExitCode } from './task-run.printer.js';
import { runPrimeTask } from './task.runner.js';
import { fakeFetch, json, rpcError } from './testing/fake-fetch.js';

interface Script {
  /** How tasks/get answers on poll n (1-based) while not cancelled. */
  poll?: (n: number) => object;
  /** Answer tools/call with the tool's result instead of a task. */
  sync?: boolean;
  /** Name instances in X-Served-By. */
  named?: boolean;
}

const counted = (limit: number, prime_count: number) => ({
  content: [{ type: 'text', text: `${prime_count}` }],
  structuredContent: { limit, prime_count, capped: false, instance_id: 'w1' },
});

/** An in-memory server offering compute_primes as a task, answering by instance a, b, c in turn. */
function tasksServer(script: Script = {}) {
  let turn = 0;
  let polls = 0;
  let cancelled = false;
  const base = {
    taskId: 'tk_9',
    createdAt: '2026-11-27T10:00:00Z',
    lastUpdatedAt: '2026-11-27T10:00:00Z',
    ttlMs: 3_600_000,
    pollIntervalMs: 500,
  };
  return fakeFetch((body) => {
    const instance = String.fromCharCode(97 + (turn++ % 3));
    const reply = (result: object) =>
      json(
        { jsonrpc: '2.0', id: body.id, result },
        200,
        script.named === false ? {} : { 'X-Served-By': instance },
      );
    switch (body.method) {
      case 'tools/list':
        return reply({ resultType: 'complete', tools: [], ttlMs: 0 });
      case 'tools/call':
        return script.sync
          ? reply({ resultType: 'complete', ...counted(50_000, 5133) })
          : reply({ resultType: 'task', ...base, status: 'working' });
      case 'tasks/cancel':
        cancelled = true;
        return reply({ resultType: 'complete' });
      case 'tasks/get':
        polls++;
        return reply({
          resultType: 'complete',
          ...base,
          ...(cancelled
            ? { status: 'cancelled' }
            : (script.poll?.(polls) ?? { status: 'working' })),
        });
      default:
        return rpcError(body.id, -32601, 'Method not found', 404);
    }
  });
}

const client = (fetch: typeof globalThis.fetch) =>
  new McpClient('http://x/mcp', { fetch });

describe('runPrimeTask', () => {
  it('creates the task, records every poll with its instance, and keeps the count', async () => {
    const { sent, fetch } = tasksServer({
      poll: (n) =>
        n < 3
          ? { status: 'working', statusMessage: `counted ${n * 40}%` }
          : { status: 'completed', result: counted(1e9, 50_847_534) },
    });
    const steps: string[][] = [];
    const report = await runPrimeTask(client(fetch), 1e9, {
      pollIntervalMs: 1,
      onStep: (r) => steps.push(formatTaskRun(r)),
    });
    expect(report).toMatchObject({
      mode: 'task',
      status: 'completed',
      created: { taskId: 'tk_9', servedBy: 'b', pollIntervalMs: 500 },
      done: true,
    });
    expect(taskExitCode(report)).toBe(0);
    expect(formatTaskRun(report)).toEqual([
      'task tk_9 created by instance b: working (ttl 3600 s, poll every 500 ms)',
      '  poll   1  working         instance c  counted 40%',
      '  poll   2  working         instance a  counted 80%',
      '  poll   3  completed       instance b',
      'result: 50847534 primes <= 1000000000, counted on instance w1',
    ]);
    // Live output only ever grows: each step's lines start with the previous step's.
    for (let i = 1; i < steps.length; i++)
      expect(steps[i].slice(0, steps[i - 1].length)).toEqual(steps[i - 1]);
    const call = sent.find((s) => s.body.method === 'tools/call')!;
    expect(call.body.params).toMatchObject({
      name: 'compute_primes',
      arguments: { limit: 1e9 },
    });
  });

  it('shows "?" for a server that does not name its instances', async () => {
    const { fetch } = tasksServer({
      named: false,
      poll: () => ({ status: 'completed', result: counted(10, 4) }),
    });
    const lines = formatTaskRun(
      await runPrimeTask(client(fetch), 10, { pollIntervalMs: 1 }),
    );
    expect(lines[0]).toContain('created by instance ?');
    expect(lines[1]).toContain('instance ?');
  });

  it('records a synchronous answer as such', async () => {
    const { fetch } = tasksServer({ sync: true });
    const report = await runPrimeTask(client(fetch), 50_000);
    expect(report.mode).toBe('sync');
    expect(taskExitCode(report)).toBe(0);
    expect(formatTaskRun(report)).toEqual([
      'the server answered at once (no task): 5133 primes <= 50000, instance w1',
    ]);
  });

  it('reports a failed task with its JSON-RPC error, exit 1', async () => {
    const { fetch } = tasksServer({
      poll: () => ({
        status: 'failed',
        error: { code: -32603, message: 'The worker was lost' },
      }),
    });
    const report = await runPrimeTask(client(fetch), 1e9, {
      pollIntervalMs: 1,
    });
    expect(taskExitCode(report)).toBe(1);
    expect(formatTaskRun(report).at(-1)).toBe(
      '✗ task failed: -32603 The worker was lost',
    );
  });

  it('cancels the task with tasks/cancel when interrupted, exit 130', async () => {
    const { sent, fetch } = tasksServer();
    const interrupt = new AbortController();
    const report = await runPrimeTask(client(fetch), 1e11, {
      signal: interrupt.signal,
      pollIntervalMs: 5,
      onStep: (r) => {
        if (r.polls.length === 2) interrupt.abort(new Error('interrupted'));
      },
    });
    const cancel = sent.find((s) => s.body.method === 'tasks/cancel')!;
    expect(cancel.headers['Mcp-Name']).toBe('tk_9');
    expect(cancel.body.params.taskId).toBe('tk_9');
    expect(report.cancelled).toEqual({ servedBy: 'b', status: 'cancelled' });
    expect(report.status).toBe('cancelled');
    expect(taskExitCode(report)).toBe(130);
    expect(formatTaskRun(report).at(-1)).toBe(
      'interrupted: tasks/cancel acknowledged by instance b; the task is now cancelled',
    );
    expect(sent.filter((s) => s.body.method === 'tasks/get')).toHaveLength(3);
  });

  it('records a refused call as the failure, exit 1', async () => {
    const { fetch } = fakeFetch((b) =>
      b.method === 'tools/list'
        ? json({ jsonrpc: '2.0', id: b.id, result: { tools: [], ttlMs: 0 } })
        : rpcError(b.id, -32602, 'Invalid params', 400),
    );
    const report = await runPrimeTask(client(fetch), 1e9);
    expect(report.failure).toBe('tools/call: Invalid params (-32602)');
    expect(taskExitCode(report)).toBe(1);
    expect(formatTaskRun(report)).toEqual([
      '✗ tools/call: Invalid params (-32602)',
    ]);
  });
});
