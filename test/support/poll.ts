import { setTimeout as sleep } from 'node:timers/promises';

/** Options of `pollUntil`. */
export interface PollOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Pause between two looks (default 25 ms). */
  readonly everyMs?: number;
  /** What is awaited, for the error message. */
  readonly what?: string;
}

/**
 * Looks at `probe` until it returns something truthy, and returns that: a test waits on a
 * condition under a deadline, never for a fixed time.
 * @throws Error naming `what` and the last value when the deadline passes first.
 */
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, everyMs = 25, what = 'condition' }: PollOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${what} not reached within ${timeoutMs} ms (last: ${JSON.stringify(value)})`,
      );
    await sleep(everyMs);
  }
}
