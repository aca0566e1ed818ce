// The one place in the tests that may pause on a timer: between two checks of a condition, under a
// deadline. Lint forbids fixed waits everywhere else in tests (eslint.config.mjs).
import { setTimeout as pause } from 'node:timers/promises';

/** Options of `waitFor`. */
export interface WaitForOptions {
  /**
   * What is awaited, in words: the timeout error names it. A function is asked at the timeout, so it
   * can tell the last state it saw.
   */
  readonly what: string | (() => string);
  /** Give up after this long; 10 s by default. */
  readonly timeoutMs?: number;
  /** Pause between two checks; 25 ms by default. */
  readonly everyMs?: number;
}

/** A value `waitFor` keeps waiting on. */
type Pending = false | null | undefined;

/**
 * Checks `condition` until it returns something other than `false`, `null` or `undefined`, and
 * returns that. A condition that throws ends the wait with its error (a process that exited, an
 * assertion that can no longer hold); one that should keep trying catches its own errors.
 * @throws Error naming `what` (and how long it waited) when `timeoutMs` passes first.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions,
): Promise<Exclude<T, Pending>> {
  const { timeoutMs = 10_000, everyMs = 25 } = options;
  const started = Date.now();
  for (;;) {
    const value = await condition();
    if (value !== false && value !== null && value !== undefined)
      return value as Exclude<T, Pending>;
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      const what =
        typeof options.what === 'function' ? options.what() : options.what;
      throw new Error(`Timed out after ${waited} ms waiting for ${what}`);
    }
    await pause(Math.min(everyMs, timeoutMs - waited));
  }
}
