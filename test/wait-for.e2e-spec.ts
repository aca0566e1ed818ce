import { describe, expect, it } from '@jest/globals';
import { waitFor } from './support/wait-for.js';

describe('waitFor (test/support/wait-for.ts)', () => {
  it('returns the first value the condition gives that is not false, null or undefined', async () => {
    const answers = [false, null, undefined, 0, 1];
    let asked = 0;
    await expect(
      waitFor(() => answers[asked++], { what: 'a number', everyMs: 1 }),
    ).resolves.toBe(0);
    expect(asked).toBe(4);
  });

  it('awaits an async condition', async () => {
    let asked = 0;
    const value = await waitFor(
      async () => (++asked === 3 ? { ready: true } : undefined),
      { what: 'the third answer', everyMs: 1 },
    );
    expect(value).toEqual({ ready: true });
  });

  it('fails after the deadline, naming what it waited for', async () => {
    await expect(
      waitFor(() => false, { what: 'the moon', timeoutMs: 30, everyMs: 5 }),
    ).rejects.toThrow(/^Timed out after \d+ ms waiting for the moon$/);
  });

  it('asks a function for its description at the deadline, to tell the last state', async () => {
    let last = 0;
    await expect(
      waitFor(() => ++last > 1_000_000, {
        what: () => `a big number (last: ${last})`,
        timeoutMs: 30,
        everyMs: 5,
      }),
    ).rejects.toThrow(/waiting for a big number \(last: \d+\)$/);
  });

  it('ends the wait with the error a condition throws', async () => {
    let asked = 0;
    await expect(
      waitFor(
        () => {
          if (++asked === 2) throw new Error('the process exited');
          return false;
        },
        { what: 'never', everyMs: 1 },
      ),
    ).rejects.toThrow('the process exited');
    expect(asked).toBe(2);
  });
});
