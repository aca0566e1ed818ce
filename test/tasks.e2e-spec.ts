import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTool } from './support/system-tools.js';
import http from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { probe, TaskProbeModule } from './fixtures/task-probe-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import {
  callAsTask,
  createTask,
  getTask,
  TASKS,
  taskMeta,
  taskRequest,
  tasksOn,
  terminal,
  waitForTask,
} from './support/tasks.js';
import { waitFor } from './support/wait-for.js';

const withoutTasks = { ...modernMeta() };

/** Task runs going on in this instance, from its `/readyz`. */
async function activeHere(t: TestServer): Promise<number> {
  const body = (await (await fetch(`${t.baseUrl}/readyz`)).json()) as {
    features: { tasks: { active: number } };
  };
  return body.features.tasks.active;
}

const withRedis = requireTool('redis', 'the tasks wire on the Redis store');

for (const backend of ['memory', 'redis'] as const)
  (backend === 'redis' ? withRedis : describe)(
    `tasks extension over HTTP on the ${backend} store`,
    () => {
      const prefix = uniquePrefix(`tasks-${backend}`);
      let t: TestServer;
      beforeAll(async () => {
        if (backend === 'redis') await ensureSharedRedis();
        t = await startApp(
          backend === 'redis'
            ? { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix }
            : {},
          [ConformanceFixturesModule, TaskProbeModule],
        );
      });
      afterAll(async () => {
        await t.close();
        if (backend === 'redis') await deleteKeys(prefix);
      });

      it('advertises the extension in server/discover and keeps taskSupport out of tools/list', async () => {
        const discover = await mcp(t.server, 'server/discover');
        expect(discover.body.result.capabilities.extensions).toEqual({
          [TASKS]: {},
        });
        expect(discover.body.result.capabilities.tasks).toBeUndefined();
        const list = await mcp(t.server, 'tools/list');
        const slow = list.body.result.tools.find(
          (tool: { name: string }) => tool.name === 'slow_compute',
        );
        expect(slow).toBeDefined();
        expect(slow.taskSupport).toBeUndefined();
      });

      it('creates a flat task, reports progress in statusMessage, and inlines the result', async () => {
        const created = await createTask(t.server, 'slow_compute', {
          seconds: 1.5,
          label: 'flat',
        });
        expect(created).toMatchObject({
          resultType: 'task',
          status: 'working',
          ttlMs: 3_600_000,
          pollIntervalMs: 1000,
        });
        expect(created.taskId).toMatch(/^[A-Za-z0-9_-]{22,128}$/);
        expect(Date.parse(created.createdAt as string)).not.toBeNaN();
        for (const absent of [
          'result',
          'error',
          'inputRequests',
          'requestState',
        ])
          expect(created).not.toHaveProperty(absent);
        const progressing = await waitForTask(
          t.server,
          created.taskId,
          (task) => typeof task.statusMessage === 'string' || terminal(task),
        );
        expect(progressing.statusMessage).toMatch(/^step \d+ of 6$/);
        const done = await waitForTask(t.server, created.taskId, terminal);
        expect(done).toMatchObject({
          resultType: 'complete',
          status: 'completed',
          result: {
            content: [{ type: 'text', text: 'Computed flat after 1.5 s' }],
          },
        });
        expect(done.error).toBeUndefined();
      });

      it('does not offer the extension to a 2025-11-25 client, which cannot opt in per request', async () => {
        const res = await mcp(
          t.server,
          'initialize',
          {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'old', version: '1' },
          },
          {
            noMeta: true,
            headers: {
              'Content-Type': 'application/json',
              Accept: 'application/json, text/event-stream',
            },
          },
        );
        expect(res.body.result.capabilities.tools).toBeDefined();
        expect(res.body.result.capabilities.extensions).toBeUndefined();
      });

      it('reports the store and the tasks running here on /readyz', async () => {
        const { taskId } = await createTask(t.server, 'cancel_probe');
        expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
        // With Redis the run starts when a worker takes the job, a moment after creation.
        const tasks = await waitFor(
          async () => {
            const report = await tasksOn(t.baseUrl);
            return report.active >= 1 ? report : undefined;
          },
          { what: 'the task running here' },
        );
        expect(tasks.store).toBe(backend);
        await taskRequest(t.server, 'tasks/cancel', { taskId });
      });

      it('runs an optional tool synchronously when the request does not opt in', async () => {
        const res = await mcp(t.server, 'tools/call', {
          name: 'slow_compute',
          arguments: { seconds: 0, label: 'sync' },
        });
        expect(res.body.result).toMatchObject({
          resultType: 'complete',
          content: [{ text: 'Computed sync after 0 s' }],
        });
        expect(res.body.result.taskId).toBeUndefined();
      });

      it('refuses a task-only tool without the extension: -32021, HTTP 400, requiredCapabilities', async () => {
        const res = await mcp(t.server, 'tools/call', {
          name: 'failing_job',
          arguments: {},
        });
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
          code: -32021,
          data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
        });
      });

      it('checks the capability before the task: -32021 even for an id that exists', async () => {
        const { taskId } = await createTask(t.server, 'slow_compute', {
          seconds: 0.2,
        });
        for (const method of ['tasks/get', 'tasks/cancel'] as const) {
          const res = await taskRequest(
            t.server,
            method,
            { taskId },
            { meta: withoutTasks },
          );
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe(-32021);
        }
      });

      it('answers -32602 for unknown, malformed and oversized ids, and 404 for removed methods', async () => {
        for (const taskId of [
          'mt_doesnotexist0000000000000',
          'x'.repeat(129),
          '../../etc/passwd',
          'a b',
          '{x}',
        ]) {
          const res = await taskRequest(t.server, 'tasks/get', { taskId });
          expect(res.status).toBeLessThan(500);
          expect(res.body.error?.code).toBe(-32602);
        }
        for (const taskId of [42, null, { a: 1 }]) {
          const res = await taskRequest(t.server, 'tasks/cancel', { taskId });
          expect(res.body.error?.code).toBe(-32602);
        }
        for (const method of ['tasks/result', 'tasks/list']) {
          const res = await mcp(t.server, method, {
            taskId: 'x',
            _meta: taskMeta(),
          });
          expect(res.status).toBe(404);
          expect(res.body.error.code).toBe(-32601);
        }
      });

      it('refuses an Mcp-Name that disagrees with taskId: -32020', async () => {
        const { taskId } = await createTask(t.server, 'slow_compute', {
          seconds: 0.2,
        });
        const res = await mcp(
          t.server,
          'tasks/get',
          { taskId, _meta: taskMeta() },
          { headers: standardHeaders('tasks/get', `${taskId}x`) },
        );
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe(-32020);
      });

      it('cancels: the running code sees its signal abort, the task ends cancelled and stays so', async () => {
        const before = probe.aborted;
        const started = probe.started;
        const { taskId } = await createTask(t.server, 'cancel_probe');
        await waitFor(() => probe.started > started, {
          what: 'cancel_probe to start running',
        });
        const ack = await taskRequest(t.server, 'tasks/cancel', { taskId });
        expect(ack.body.result).toEqual({
          resultType: 'complete',
          _meta: expect.any(Object),
        });
        await waitForTask(t.server, taskId, terminal);
        await waitFor(() => probe.aborted > before, {
          what: 'cancel_probe to see its signal abort',
        });
        expect(probe.aborted).toBe(before + 1);
        // The tool returned after the cancel: once its run has ended, its late result changed nothing.
        await waitFor(async () => (await activeHere(t)) === 0, {
          what: 'no task run left on this instance',
        });
        expect((await getTask(t.server, taskId)).status).toBe('cancelled');
        const again = await taskRequest(t.server, 'tasks/cancel', { taskId });
        expect(again.body.result.resultType).toBe('complete');
      });

      it('keeps a task running when the creating response stream closes', async () => {
        const started = probe.started;
        const aborted = probe.aborted;
        const port = (t.server.address() as { port: number }).port;
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'cancel_probe', arguments: {}, _meta: taskMeta() },
        });
        // The server's side of the creating connection: closing ours closes it.
        const serverSide = once(t.server, 'connection') as Promise<[Socket]>;
        const taskId = await new Promise<string>((resolve, reject) => {
          const req = http.request(
            {
              port,
              host: '127.0.0.1',
              path: '/mcp',
              method: 'POST',
              agent: false,
              headers: {
                ...standardHeaders('tools/call', 'cancel_probe'),
                Accept: 'text/event-stream, application/json',
              },
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () => {
                req.destroy();
                const match = /"taskId":"([^"]+)"/.exec(text);
                if (match) resolve(match[1]);
                else reject(new Error(text));
              });
            },
          );
          req.end(body);
        });
        const [socket] = await serverSide;
        if (!socket.closed) await once(socket, 'close');
        await waitFor(() => probe.started > started, {
          what: 'cancel_probe to start running',
        });
        // The server has seen the stream close, and the run goes on.
        expect((await getTask(t.server, taskId)).status).toBe('working');
        expect(probe.aborted).toBe(aborted);
        await taskRequest(t.server, 'tasks/cancel', { taskId });
      });

      it('asks for input during a task, accepts partial answers, ignores unknown keys, then resumes', async () => {
        const { taskId } = await createTask(t.server, 'multi_input');
        const waiting = await waitForTask(
          t.server,
          taskId,
          (task) => task.status === 'input_required',
        );
        expect(Object.keys(waiting.inputRequests as object).sort()).toEqual([
          'confirm',
          'name',
        ]);
        const partial = await taskRequest(t.server, 'tasks/update', {
          taskId,
          inputResponses: {
            name: { action: 'accept', content: { name: 'Grace' } },
            unknown: { action: 'accept' },
          },
        });
        expect(partial.body.result.resultType).toBe('complete');
        const still = await getTask(t.server, taskId);
        expect(still.status).toBe('input_required');
        expect(Object.keys(still.inputRequests as object)).toEqual(['confirm']);
        await taskRequest(t.server, 'tasks/update', {
          taskId,
          inputResponses: {
            confirm: { action: 'accept', content: { confirm: true } },
          },
        });
        const done = await waitForTask(t.server, taskId, terminal);
        expect(done).toMatchObject({
          status: 'completed',
          result: { content: [{ text: 'Thanks, Grace' }] },
        });
      });

      it('runs several input rounds in one task, handing each round its state', async () => {
        const { taskId } = await createTask(t.server, 'two_rounds');
        for (const key of ['first', 'second']) {
          const waiting = await waitForTask(
            t.server,
            taskId,
            (x) => x.status === 'input_required',
          );
          expect(Object.keys(waiting.inputRequests as object)).toEqual([key]);
          await taskRequest(t.server, 'tasks/update', {
            taskId,
            inputResponses: { [key]: { action: 'accept', content: {} } },
          });
        }
        const done = await waitForTask(t.server, taskId, terminal);
        expect(done.result).toMatchObject({
          structuredContent: { seen: ['first', 'second'] },
        });
      });

      it('fails a task whose tool keeps returning InputRequired without asking anything', async () => {
        const { taskId } = await createTask(t.server, 'never_asks');
        const done = await waitForTask(t.server, taskId, terminal);
        expect(done).toMatchObject({
          status: 'failed',
          error: {
            code: -32603,
            message: expect.not.stringMatching(/never_asks/),
          },
        });
      });

      it('resolves MRTR rounds in the request, then creates the task with the answers', async () => {
        const first = await callAsTask(t.server, 'test_tool_with_task');
        expect(first.body.result).toMatchObject({
          resultType: 'input_required',
          inputRequests: { user_name: { method: 'elicitation/create' } },
        });
        const second = await mcp(t.server, 'tools/call', {
          name: 'test_tool_with_task',
          arguments: {},
          inputResponses: {
            user_name: { action: 'accept', content: { name: 'Alice' } },
          },
          requestState: first.body.result.requestState,
          _meta: taskMeta(),
        });
        expect(second.body.result.resultType).toBe('task');
        const done = await waitForTask(
          t.server,
          second.body.result.taskId,
          terminal,
        );
        expect(done.result).toMatchObject({
          content: [{ text: 'Hello, Alice!' }],
        });
      });

      it('fails a task whose tool raised a protocol error, with the error inlined', async () => {
        const { taskId } = await createTask(t.server, 'protocol_error_job');
        const done = await waitForTask(t.server, taskId, terminal);
        expect(done).toMatchObject({
          status: 'failed',
          error: { code: -32603, message: 'The job hit an internal error.' },
        });
        expect(done.result).toBeUndefined();
      });

      it('refuses malformed or oversized inputResponses with -32602 (400), never a 5xx', async () => {
        const { taskId } = await createTask(t.server, 'confirm_delete', {
          filename: 'a.txt',
        });
        await waitForTask(
          t.server,
          taskId,
          (x) => x.status === 'input_required',
        );
        for (const inputResponses of [null, 'x', [1], { k: 1 }]) {
          const res = await taskRequest(t.server, 'tasks/update', {
            taskId,
            inputResponses,
          });
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe(-32602);
        }
        const huge = await taskRequest(t.server, 'tasks/update', {
          taskId,
          inputResponses: { confirm: { text: 'y'.repeat(300_000) } },
        });
        expect(huge.status).toBe(400);
        expect(huge.body.error.code).toBe(-32602);
        expect((await getTask(t.server, taskId)).status).toBe('input_required');
        await taskRequest(t.server, 'tasks/cancel', { taskId });
      });
    },
  );
