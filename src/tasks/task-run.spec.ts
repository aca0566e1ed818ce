import { describe, expect, it } from '@jest/globals';
import { waitFor } from '../../test/support/wait-for.js';
import { TaskRun, WRITE_EVERY_MS } from './task-run.js';
import type { TaskStore } from './task-store.interface.js';
import type { TaskStart } from './task.types.js';

/** A store that records the run's writes: [kind, value, fence], and when each message was written. */
function recorder() {
  const writes: [string, unknown, number][] = [];
  const messageTimes: number[] = [];
  const store = {
    setMessage: (_id: string, message: string, fence: number) => {
      writes.push(['message', message, fence]);
      messageTimes.push(Date.now());
      return Promise.resolve();
    },
    checkpoint: (_id: string, state: unknown, fence: number) => {
      writes.push(['checkpoint', state, fence]);
      return Promise.resolve(true);
    },
  } as unknown as TaskStore;
  return { writes, messageTimes, store };
}

function runOf(store: TaskStore, attempt = 1, maxCheckpointBytes = 1_000) {
  const start: TaskStart = {
    taskId: 'mt_1',
    fence: 7,
    attempt,
    continuation: false,
    origin: {
      tool: 'tool',
      arguments: {},
      request: {
        requestId: 1,
        protocolVersion: '2026-07-28',
        clientCapabilities: {},
      },
    },
    queuedAt: 0,
  };
  return new TaskRun(start, 'resume', store, maxCheckpointBytes);
}

describe('TaskRun', () => {
  it('throttles statusMessage writes, lands the last one, and writes every one with its fence', async () => {
    const { writes, messageTimes, store } = recorder();
    const run = runOf(store);
    for (let i = 0; i < 100; i++) run.report(`step ${i}`);
    await waitFor(() => writes.at(-1)?.[1] === 'step 99', {
      what: 'the last message',
    });
    expect(writes.length).toBeLessThanOrEqual(2);
    for (const write of writes) expect(write[2]).toBe(7);
    // One more report waits for the window: it is written a window after the write before it,
    // however late in the window it came (timers and clocks count whole milliseconds: 2 ms of slack).
    const before = writes.length;
    run.report('step 100');
    await waitFor(() => writes.length > before, { what: 'the next write' });
    expect(writes.at(-1)).toEqual(['message', 'step 100', 7]);
    const [previous, last] = messageTimes.slice(-2);
    expect(last - previous).toBeGreaterThanOrEqual(WRITE_EVERY_MS - 2);
    run.dispose();
  });

  it('prefixes the attempt from the second on', async () => {
    const { writes, store } = recorder();
    const run = runOf(store, 3);
    run.report('half way');
    await run.flush();
    expect(writes).toEqual([['message', 'Attempt 3: half way', 7]]);
    run.dispose();
  });

  it('writes a pending checkpoint at once on flush, even after a hand-over stop, and nothing after a cancel', async () => {
    const { writes, store } = recorder();
    const run = runOf(store);
    run.checkpoint({ done: 1 });
    run.checkpoint({ done: 2 });
    run.stop('handover');
    run.checkpoint({ done: 3 });
    await run.flush();
    // The latest checkpoint lands before the task changes hands, whatever the throttle.
    expect(writes.at(-1)).toEqual(['checkpoint', { done: 3 }, 7]);
    expect(run.controller.signal.aborted).toBe(true);

    const written = writes.length;
    const cancelled = runOf(store);
    cancelled.stop('cancel');
    cancelled.report('late');
    cancelled.checkpoint({ done: 9 });
    await cancelled.flush();
    expect(writes).toHaveLength(written);
    expect(cancelled.reason).toBe('cancel');
  });

  it('refuses a checkpoint larger than TASKS_MAX_CHECKPOINT_BYTES', () => {
    const { store } = recorder();
    const run = runOf(store, 1, 64);
    expect(() => run.checkpoint({ big: 'x'.repeat(100) })).toThrow(
      /exceeds TASKS_MAX_CHECKPOINT_BYTES/,
    );
    run.dispose();
  });
});
