import { describe, expect, it } from '@jest/globals';
import { ReadinessRegistry } from '../src/readiness/readiness.registry.js';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { probe, TaskProbeModule } from './fixtures/task-probe-tools.js';
import { startApp } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';
import {
  callAsTask,
  createTask,
  expectHiddenFrom,
  getTask,
  taskRequest,
} from './support/tasks.js';
import { waitFor } from './support/wait-for.js';
import { TestIssuer } from './support/test-issuer.js';

describe('tasks limits and deployment rules', () => {
  it('runs TASKS_MAX_ACTIVE tasks at once, queues TASKS_MAX_QUEUED more, and answers a retryable 503 beyond', async () => {
    const t = await startApp({ TASKS_MAX_ACTIVE: '1', TASKS_MAX_QUEUED: '1' }, [
      TaskProbeModule,
    ]);
    try {
      const started = probe.started;
      const a = await createTask(t.server, 'cancel_probe');
      await waitFor(() => probe.started === started + 1, {
        what: 'the first task running',
      });
      const b = await createTask(t.server, 'cancel_probe');
      const refused = await callAsTask(t.server, 'cancel_probe');
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({
        code: -32603,
        data: { retryable: true },
      });
      // The queued one waits for the slot, and takes it once the first ends.
      expect(probe.started).toBe(started + 1);
      expect((await getTask(t.server, b.taskId)).status).toBe('working');
      await taskRequest(t.server, 'tasks/cancel', { taskId: a.taskId });
      await waitFor(() => probe.started === started + 2, {
        what: 'the queued task running',
      });
      const c = await createTask(t.server, 'cancel_probe');
      for (const { taskId } of [b, c])
        await taskRequest(t.server, 'tasks/cancel', { taskId });
    } finally {
      await t.close();
    }
  });

  it('starts no new task once shutdown has begun (retryable), while polls still answer', async () => {
    const t = await startApp({}, [TaskProbeModule]);
    try {
      const { taskId } = await createTask(t.server, 'cancel_probe');
      t.app.get(ReadinessRegistry).beginShutdown();
      const refused = await callAsTask(t.server, 'cancel_probe');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.body.error.data).toEqual({
        retryable: true,
        retryAfterMs: 2000,
        scope: 'instance',
        reason: 'task-queue',
      });
      expect((await getTask(t.server, taskId)).status).toBe('working');
    } finally {
      await t.close();
    }
  });

  it('turns tasks off on App Service without Redis: not advertised, task-only tools refused, optional ones synchronous', async () => {
    const t = await startApp({ WEBSITE_INSTANCE_ID: 'instance-x' }, [
      ConformanceFixturesModule,
    ]);
    try {
      const discover = await mcp(t.server, 'server/discover');
      expect(discover.body.result.capabilities.extensions).toBeUndefined();
      const required = await callAsTask(t.server, 'failing_job');
      expect(required.status).toBe(400);
      expect(required.body.error.code).toBe(-32021);
      const optional = await callAsTask(t.server, 'slow_compute', {
        seconds: 0,
        label: 'off',
      });
      expect(optional.body.result.resultType).toBe('complete');
    } finally {
      await t.close();
    }
  });

  it('binds a task to its caller when authorization is on: another caller gets -32602', async () => {
    const issuer = await TestIssuer.start();
    const audience = 'api://tasks-test';
    const t = await startApp(
      { MCP_AUTH_ISSUER: issuer.issuer, MCP_AUTH_AUDIENCE: audience },
      [TaskProbeModule],
    );
    try {
      const as = async (sub: string) => ({
        headers: {
          Authorization: `Bearer ${await issuer.token(audience, { claims: { sub } })}`,
        },
      });
      const alice = await as('alice');
      const mallory = await as('mallory');
      const { taskId } = await createTask(t.server, 'cancel_probe', {}, alice);
      expect((await getTask(t.server, taskId, alice)).status).toBe('working');
      await expectHiddenFrom(t.server, taskId, mallory);
      expect((await getTask(t.server, taskId, alice)).status).toBe('working');
      await taskRequest(t.server, 'tasks/cancel', { taskId }, alice);
    } finally {
      await t.close();
      await issuer.close();
    }
  });
});
