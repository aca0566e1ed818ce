import { describe, expect, it } from '@jest/globals';
import { McpClient } from './mcp.client.js';
import { McpRpcError } from './mcp-rpc.error.js';
import { pollDelay, servedBy, type TaskPoll } from './task.api.js';
import { isCreateTaskResult, type TaskStatus } from './task.types.js';
import { fakeFetch, json, rpcError } from './testing/fake-fetch.js';

const CAPS = 'io.modelcontextprotocol/clientCapabilities';
const TASKS = 'io.modelcontextprotocol/tasks';

const task = (status: TaskStatus, extra: object = {}) => ({
  taskId: 't-1',
  status,
  createdAt: '2026-11-27T10:00:00.000Z',
  lastUpdatedAt: '2026-11-27T10:00:01.000Z',
  ttlMs: 60_000,
  pollIntervalMs: 100,
  ...extra,
});

/** A JSON-RPC result answered by `instance` (X-Served-By), or without the header. */
const answer = (id: number, result: object, instance?: string) =>
  json(
    { jsonrpc: '2.0', id, result: { resultType: 'complete', ...result } },
    200,
    instance ? { 'X-Served-By': instance } : {},
  );

/** Answers tasks/get with each of `steps` in turn (the last one repeats), by instance a, b, c… */
function scripted(steps: (object | (() => Response))[]) {
  let polls = 0;
  return fakeFetch((body) => {
    if (body.method !== 'tasks/get') return answer(body.id, {});
    const step = steps[Math.min(polls, steps.length - 1)];
    const instance = String.fromCharCode(97 + (polls++ % 3));
    return typeof step === 'function'
      ? step()
      : answer(body.id, step, instance);
  });
}

const client = (fetch: typeof globalThis.fetch, capabilities = {}) =>
  new McpClient('http://x/mcp', {
    fetch,
    capabilities,
    learnToolHeaders: false,
  });

describe('TaskApi', () => {
  it('calls a tool as a task, declaring the extension beside the client capabilities', async () => {
    const { sent, fetch } = fakeFetch((b) =>
      json({
        jsonrpc: '2.0',
        id: b.id,
        result: { resultType: 'task', ...task('working') },
      }),
    );
    const sut = client(fetch, {
      sampling: {},
      extensions: { 'x.example/other': { on: true } },
    });
    const reply = await sut.tasks.callToolAsTask('compute_primes', {
      limit: 1e9,
    });
    expect(isCreateTaskResult(reply.result)).toBe(true);
    expect(reply.result).toMatchObject({ taskId: 't-1', status: 'working' });
    const [{ headers, body }] = sent;
    expect(headers['Mcp-Method']).toBe('tools/call');
    expect(headers['Mcp-Name']).toBe('compute_primes');
    expect(body.params.arguments).toEqual({ limit: 1e9 });
    expect(body.params._meta[CAPS]).toEqual({
      sampling: {},
      extensions: { 'x.example/other': { on: true }, [TASKS]: {} },
    });
  });

  it('tells a synchronous tool result from a task', async () => {
    const { fetch } = fakeFetch((b) =>
      answer(b.id, { content: [], structuredContent: { prime_count: 25 } }),
    );
    const reply = await client(fetch).tasks.callToolAsTask('compute_primes', {
      limit: 100,
    });
    expect(isCreateTaskResult(reply.result)).toBe(false);
  });

  it('leaves plain tool calls without the extension', async () => {
    const { sent, fetch } = fakeFetch((b) => answer(b.id, { content: [] }));
    await client(fetch).callTool('whoami');
    expect(sent[0].body.params._meta[CAPS]).toEqual({});
  });

  it.each([
    ['tasks/get', (c: McpClient) => c.tasks.getTask('t-1'), { taskId: 't-1' }],
    [
      'tasks/update',
      (c: McpClient) => c.tasks.updateTask('t-1', { k1: { action: 'accept' } }),
      { taskId: 't-1', inputResponses: { k1: { action: 'accept' } } },
    ],
    [
      'tasks/cancel',
      (c: McpClient) => c.tasks.cancelTask('t-1'),
      { taskId: 't-1' },
    ],
  ])(
    '%s names the task in Mcp-Name and declares the extension',
    async (method, call, params) => {
      const { sent, fetch } = fakeFetch((b) => answer(b.id, {}, 'i-7'));
      const reply = await call(client(fetch));
      expect(servedBy(reply)).toBe('i-7');
      const [{ headers, body }] = sent;
      expect(body.method).toBe(method);
      expect(headers['Mcp-Method']).toBe(method);
      expect(headers['Mcp-Name']).toBe('t-1');
      expect(body.params).toMatchObject(params);
      expect(body.params._meta[CAPS]).toEqual({ extensions: { [TASKS]: {} } });
    },
  );

  it('reads no instance when the server does not name one', async () => {
    const { fetch } = fakeFetch((b) => answer(b.id, task('working')));
    expect(servedBy(await client(fetch).tasks.getTask('t-1'))).toBeUndefined();
  });

  it('waits until completed, reporting each poll and who answered it', async () => {
    const result = { content: [], structuredContent: { prime_count: 7 } };
    const { sent, fetch } = scripted([
      task('working', { statusMessage: '10%' }),
      task('working', { statusMessage: '60%' }),
      task('completed', { result }),
    ]);
    const polls: TaskPoll[] = [];
    const done = await client(fetch).tasks.waitForTask('t-1', {
      onPoll: (p) => polls.push(p),
    });
    expect(done).toMatchObject({ status: 'completed', result });
    expect(
      polls.map((p) => [p.poll, p.task?.statusMessage, p.servedBy]),
    ).toEqual([
      [1, '10%', 'a'],
      [2, '60%', 'b'],
      [3, undefined, 'c'],
    ]);
    expect(sent.every((s) => s.headers['Mcp-Name'] === 't-1')).toBe(true);
  });

  it.each([
    ['failed', { error: { code: -32603, message: 'worker lost' } }],
    ['cancelled', {}],
  ] as const)('returns a %s task as final', async (status, extra) => {
    const { fetch } = scripted([task('working'), task(status, extra)]);
    await expect(
      client(fetch).tasks.waitForTask('t-1', { pollIntervalMs: 1 }),
    ).resolves.toMatchObject({ status, ...extra });
  });

  it("follows the server's poll interval, bounded below at 100 ms", async () => {
    const { fetch } = scripted([
      task('working', { pollIntervalMs: 1 }),
      task('working', { pollIntervalMs: 250 }),
      task('completed'),
    ]);
    const at: number[] = [];
    await client(fetch).tasks.waitForTask('t-1', {
      onPoll: () => at.push(performance.now()),
    });
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(95);
    expect(at[1] - at[0]).toBeLessThan(240);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(245);
  });

  it.each([
    [undefined, undefined, 1000],
    [undefined, 1, 100],
    [undefined, 2500, 2500],
    [undefined, 60_000, 5000],
    [undefined, Number.NaN, 1000],
    [20, 60_000, 20],
  ])('pollDelay(override %p, hint %p) is %p', (override, hint, expected) => {
    expect(pollDelay(override, hint)).toBe(expected);
  });

  it('answers input requests with tasks/update, each key once, partial answers included', async () => {
    const ask = (message: string) => ({
      method: 'elicitation/create',
      params: { message },
    });
    const { sent, fetch } = scripted([
      task('input_required', { inputRequests: { a: ask('A?'), b: ask('B?') } }),
      task('input_required', { inputRequests: { b: ask('B?') } }),
      task('input_required', { inputRequests: { b: ask('B?') } }),
      task('working'),
      task('completed'),
    ]);
    const asked: string[][] = [];
    const done = await client(fetch).tasks.waitForTask('t-1', {
      pollIntervalMs: 1,
      onInputRequired: (requests) => {
        const keys = Object.keys(requests);
        asked.push(keys);
        // Answer one key per round: the server keeps input_required for the rest.
        return { [keys[0]]: { action: 'accept', content: { ok: keys[0] } } };
      },
    });
    expect(done.status).toBe('completed');
    expect(asked).toEqual([['a', 'b'], ['b']]);
    expect(
      sent
        .filter((s) => s.body.method === 'tasks/update')
        .map((s) => [s.headers['Mcp-Name'], s.body.params.inputResponses]),
    ).toEqual([
      ['t-1', { a: { action: 'accept', content: { ok: 'a' } } }],
      ['t-1', { b: { action: 'accept', content: { ok: 'b' } } }],
    ]);
  });

  it('stops at input_required when nobody answers', async () => {
    const { fetch } = scripted([
      task('input_required', { inputRequests: { a: {} } }),
    ]);
    await expect(
      client(fetch).tasks.waitForTask('t-1', { pollIntervalMs: 1 }),
    ).resolves.toMatchObject({ status: 'input_required' });
  });

  it('retries polls that fail below JSON-RPC or with HTTP 5xx', async () => {
    const { fetch } = scripted([
      () => rpcError(1, -32603, 'Task store unavailable', 503),
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      task('completed'),
    ]);
    const polls: TaskPoll[] = [];
    await expect(
      client(fetch).tasks.waitForTask('t-1', {
        pollIntervalMs: 1,
        onPoll: (p) => polls.push(p),
      }),
    ).resolves.toMatchObject({ status: 'completed' });
    expect(polls.map((p) => p.error?.name ?? p.task?.status)).toEqual([
      'McpRpcError',
      'McpTransportError',
      'completed',
    ]);
  });

  it('gives up after too many failed polls in a row', async () => {
    const { sent, fetch } = scripted([
      () => new Response('down', { status: 503 }),
    ]);
    await expect(
      client(fetch).tasks.waitForTask('t-1', {
        pollIntervalMs: 1,
        maxConsecutiveErrors: 2,
      }),
    ).rejects.toThrow(/HTTP 503/);
    expect(sent).toHaveLength(3);
  });

  it('refuses an answer that is not a task instead of polling forever', async () => {
    const { sent, fetch } = scripted([{ status: 'sleeping' }]);
    await expect(
      client(fetch).tasks.waitForTask('t-1', { pollIntervalMs: 1 }),
    ).rejects.toThrow('tasks/get answered an unknown task status "sleeping"');
    expect(sent).toHaveLength(1);
  });

  it('throws an unknown or expired task (-32602) at once', async () => {
    const { sent, fetch } = fakeFetch((b) =>
      rpcError(b.id, -32602, 'Unknown task', 200),
    );
    const err = await client(fetch)
      .tasks.waitForTask('t-1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpRpcError);
    expect(err).toMatchObject({ code: -32602 });
    expect(sent).toHaveLength(1);
  });

  it('stops waiting when aborted, between polls', async () => {
    const { sent, fetch } = scripted([
      task('working', { pollIntervalMs: 5000 }),
    ]);
    const controller = new AbortController();
    const started = performance.now();
    const wait = client(fetch).tasks.waitForTask('t-1', {
      signal: controller.signal,
      // Right after the first poll, while the wait for the next one (5 s) has begun.
      onPoll: () => setImmediate(() => controller.abort(new Error('stop'))),
    });
    await expect(wait).rejects.toThrow('stop');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(sent).toHaveLength(1);
  });
});
