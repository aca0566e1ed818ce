import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '../../test/support/wait-for.js';
import type { ToolRegistry } from '../tools/tool.registry.js';
import { LocalTaskRunner } from './local-task.runner.js';
import { MemoryTaskStore } from './memory/memory-task.store.js';
import { HANDED_OVER } from './task.errors.js';
import type { RoundsEnd, TaskRounds } from './task-rounds.js';
import type { TaskRun } from './task-run.js';
import { TaskStarter } from './task.starter.js';
import { TaskTelemetry } from './task.telemetry.js';
import type { TaskRerun } from './task.types.js';
import { TasksEnvironment } from './tasks.env.js';

// The runner an application's own executor gets: how each way a run can end is settled in the
// store, and what stopAll does to runs in progress and to later ones. Tools are stand-ins: a
// `quick` one completes at once, the others work until their run is stopped.

const TOOLS: Record<string, TaskRerun> = {
  quick: 'never',
  resumable: 'resume',
  once: 'never',
};

/** Rounds that complete `quick` at once and keep the others going until their run is stopped. */
function rounds(store: MemoryTaskStore): TaskRounds {
  return {
    run: async (run: TaskRun): Promise<RoundsEnd> => {
      if (run.tool === 'quick') {
        await store.finish(
          run.taskId,
          { status: 'completed', result: { content: [] } },
          run.fence,
        );
        return 'completed';
      }
      await new Promise((resolve) =>
        run.controller.signal.addEventListener('abort', resolve),
      );
      return 'stopped';
    },
  } as unknown as TaskRounds;
}

let store: MemoryTaskStore;
let runner: LocalTaskRunner;
let next = 0;

function setUp(): void {
  store = new MemoryTaskStore();
  const tools = {
    get: (name: string) => (name in TOOLS ? { rerun: TOOLS[name] } : undefined),
  } as unknown as ToolRegistry;
  const starter = new TaskStarter(
    store,
    rounds(store),
    new TaskTelemetry(),
    new TasksEnvironment(),
    'owner-1',
    tools,
  );
  runner = new LocalTaskRunner(store, starter);
}

afterEach(async () => {
  runner.close();
  await store.close();
});

/** Creates a working task of `tool` in the store. */
async function task(tool: string) {
  const taskId = `mt_${++next}`;
  await store.create({
    taskId,
    caller: '',
    createdAt: Date.now(),
    ttlMs: 60_000,
    pollIntervalMs: 1_000,
    origin: {
      tool,
      arguments: {},
      request: {
        requestId: 1,
        protocolVersion: '2026-07-28',
        clientCapabilities: {},
      },
    },
  });
  return { taskId, tool };
}

const running = (tool: string) =>
  waitFor(() => runner.running.some((r) => r.tool === tool), {
    what: `a run of ${tool}`,
  });

describe('LocalTaskRunner', () => {
  it('runs a task to its end, and reports nothing running after', async () => {
    setUp();
    const quick = await task('quick');
    expect(await runner.run(quick)).toEqual({ outcome: 'completed' });
    expect((await store.get(quick.taskId))?.status).toBe('completed');
    expect(runner.running).toEqual([]);
    // A task that ended has nothing to run.
    expect(await runner.run(quick)).toEqual({ outcome: 'ended' });
  });

  it('fails the task of a tool this release does not have', async () => {
    setUp();
    const gone = await task('gone');
    expect(await runner.run(gone)).toEqual({ outcome: 'failed' });
    expect(await store.get(gone.taskId)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('Tool gone') },
    });
  });

  it('stops a cancelled run: cancelled', async () => {
    setUp();
    const once = await task('once');
    const result = runner.run(once);
    await running('once');
    await store.cancel(once.taskId);
    runner.cancel(once.taskId);
    expect(await result).toEqual({ outcome: 'cancelled' });
    expect((await store.get(once.taskId))?.status).toBe('cancelled');
  });

  it("on hand-over, lets a resumable task go for another instance and fails a 'never' one", async () => {
    setUp();
    const resumable = await task('resumable');
    const once = await task('once');
    const results = [runner.run(resumable), runner.run(once)];
    await running('resumable');
    await running('once');
    runner.stopAll('handover');
    expect(await Promise.all(results)).toEqual([
      { outcome: 'handed-over' },
      { outcome: 'failed' },
    ]);
    expect(await store.get(resumable.taskId)).toMatchObject({
      status: 'working',
      statusMessage: HANDED_OVER,
    });
    expect((await store.get(once.taskId))?.status).toBe('failed');
    // Later runs are not begun: the task is left for another instance as it is.
    const later = await task('once');
    expect(await runner.run(later)).toEqual({ outcome: 'handed-over' });
    expect(await store.get(later.taskId)).toMatchObject({
      status: 'working',
      attempt: 0,
    });
    expect(await runner.awaitAnswers(later.taskId)).toBe('stopped');
  });

  it('on shutdown, fails every task, running or not yet begun', async () => {
    setUp();
    const resumable = await task('resumable');
    const result = runner.run(resumable);
    await running('resumable');
    runner.stopAll('shutdown');
    expect(await result).toEqual({ outcome: 'failed' });
    const later = await task('quick');
    expect(await runner.run(later)).toEqual({ outcome: 'failed' });
    for (const { taskId } of [resumable, later])
      expect(await store.get(taskId)).toMatchObject({
        status: 'failed',
        error: { message: expect.stringContaining('shut down') },
      });
  });
});
