import { describe, expect, it, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
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
  it('throttles statusMessage writes and always lands the last one', async () => {
    const writes: string[] = [];
    const run = runWith((_, m) => {
      writes.push(m);
      return Promise.resolve();
    });
    for (let i = 0; i < 100; i++) run.report(`step ${i}`);
    await sleep(20);
    expect(writes).toEqual(['step 0']);
    await sleep(600);
    expect(writes).toEqual(['step 0', 'step 99']);
    run.abort();
  });

  it('writes nothing once aborted, and a failed write is harmless', async () => {
    const setMessage = jest.fn(() => Promise.reject(new Error('down')));
    const run = runWith(setMessage);
    run.report('one');
    await sleep(10);
    expect(setMessage).toHaveBeenCalledTimes(1);
    run.report('two');
    run.abort();
    await sleep(600);
    expect(setMessage).toHaveBeenCalledTimes(1);
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
