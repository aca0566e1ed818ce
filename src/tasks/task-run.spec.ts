import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { TaskRun } from './task-run.js';
import type { TaskStore } from './task-store.interface.js';

function runWith(setMessage: (id: string, m: string) => Promise<void>) {
  const store = { setMessage } as unknown as TaskStore;
  return new TaskRun(
    'mt_1',
    'tool',
    {},
    { requestId: 1, protocolVersion: '2026-07-28', clientCapabilities: {} },
    store,
  );
}

describe('TaskRun', () => {
  // The throttle's clock and timer are Jest's: the test moves time instead of waiting for it.
  afterEach(() => {
    jest.useRealTimers();
  });

  it('throttles statusMessage writes and always lands the last one', async () => {
    jest.useFakeTimers();
    const writes: string[] = [];
    const run = runWith((_, m) => {
      writes.push(m);
      return Promise.resolve();
    });
    for (let i = 0; i < 100; i++) run.report(`step ${i}`);
    expect(writes).toEqual(['step 0']);
    await jest.advanceTimersByTimeAsync(499);
    expect(writes).toEqual(['step 0']);
    await jest.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['step 0', 'step 99']);
    run.report('step 100');
    await jest.advanceTimersByTimeAsync(499);
    expect(writes).toEqual(['step 0', 'step 99']);
    await jest.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['step 0', 'step 99', 'step 100']);
    run.abort();
  });

  it('writes nothing once aborted, and a failed write is harmless', async () => {
    jest.useFakeTimers();
    const setMessage = jest.fn(() => Promise.reject(new Error('down')));
    const run = runWith(setMessage);
    run.report('one');
    expect(setMessage).toHaveBeenCalledTimes(1);
    run.report('two');
    run.abort();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(setMessage).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('hands answers to a waiting run, and ends the wait on abort', async () => {
    const run = runWith(() => Promise.resolve());
    const answered = run.awaitInput();
    expect(run.waiting).toBe(true);
    run.deliver({ a: { ok: true } });
    await expect(answered).resolves.toEqual({ a: { ok: true } });
    expect(run.waiting).toBe(false);
    const pending = run.awaitInput();
    run.abort();
    await expect(pending).resolves.toBeUndefined();
    await expect(run.awaitInput()).resolves.toBeUndefined();
  });
});
