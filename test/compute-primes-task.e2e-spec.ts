import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool } from './support/mcp-request.js';
import {
  callAsTask,
  createTask,
  taskRequest,
  terminal,
  waitForTask,
} from './support/tasks.js';

/** compute_primes is task-optional: long counts become tasks for clients that declare the extension. */
describe('compute_primes as a task (SEP-2663)', () => {
  let t: TestServer;
  beforeAll(async () => {
    // A small synchronous cap, so a count that takes a second or two is already task work.
    t = await startApp({ COMPUTE_PRIMES_MAX: '50000' });
  });
  afterAll(() => t.close());

  it('without the extension keeps the synchronous cap', async () => {
    const result = await callTool(t.server, 'compute_primes', { limit: 1e8 });
    expect(result.structuredContent).toMatchObject({
      limit: 50000,
      prime_count: 5133,
      capped: true,
    });
  });

  it('with the extension, a limit under the cap is still answered at once', async () => {
    const res = await callAsTask(t.server, 'compute_primes', { limit: 1000 });
    expect(res.body.result.resultType).toBe('complete');
    expect(res.body.result.structuredContent.prime_count).toBe(168);
  });

  it('above the cap runs as a task, reports progress, and completes with the exact count', async () => {
    const created = await createTask(t.server, 'compute_primes', {
      limit: 3e8,
    });
    expect(created).toMatchObject({ resultType: 'task', status: 'working' });
    const messages = new Set<string>();
    const done = await waitForTask(
      t.server,
      created.taskId,
      (task) => {
        if (typeof task.statusMessage === 'string')
          messages.add(task.statusMessage);
        return terminal(task);
      },
      60_000,
      { everyMs: 50 },
    );
    expect(done.status).toBe('completed');
    expect(
      (done.result as { structuredContent: unknown }).structuredContent,
    ).toMatchObject({ limit: 3e8, prime_count: 16252325, capped: false });
    expect(
      [...messages].some((m) => /^Sieved \d+ % of 300000000$/.test(m)),
    ).toBe(true);
  });

  it('stops promptly when cancelled', async () => {
    const created = await createTask(t.server, 'compute_primes', {
      limit: 1e11,
    });
    const cancel = await taskRequest(t.server, 'tasks/cancel', {
      taskId: created.taskId,
    });
    expect(cancel.body.result).toEqual(
      expect.objectContaining({ resultType: 'complete' }),
    );
    const started = Date.now();
    const done = await waitForTask(t.server, created.taskId, terminal, 5_000);
    expect(done.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(3_000);
    // The worker was freed: a fresh count still works.
    const after = await callTool(t.server, 'compute_primes', { limit: 1000 });
    expect(after.structuredContent.prime_count).toBe(168);
  });
});
