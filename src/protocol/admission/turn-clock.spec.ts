import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { loopbackSockets } from '../../../test/support/loopback-sockets.js';
import { burn, stall } from '../../../test/support/hold-loop.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { HeldConnections } from './held-connections.js';
import { TurnClock } from './turn-clock.js';

/** Resolves in the check phase of this turn, after the clock's own end-of-turn mark. */
const turnEnd = () => new Promise((resolve) => setImmediate(resolve));

/** Runs one turn of `ms` (from a request's check to the turn's end) on `clock`. */
async function longTurn(
  clock: TurnClock,
  ms: number,
  block = burn,
): Promise<void> {
  clock.elapsedMs();
  block(ms);
  await turnEnd();
}

describe('TurnClock', () => {
  const held = () =>
    new HeldConnections({ turnBudgetMs: 5, maxDelayMs: 30, maxQueueMs: 250 });

  it('counts a few long turns as a burst, and long turns that keep coming for a second as overload', async () => {
    const clock = new TurnClock(held(), 30);
    await longTurn(clock, 40);
    await longTurn(clock, 40);
    expect(clock.longForMs(performance.now())).toBeLessThan(1_000);
    const started = performance.now();
    while (performance.now() - started < 1_000) await longTurn(clock, 40);
    const now = performance.now();
    expect(clock.longForMs(now)).toBeGreaterThanOrEqual(1_000);
    // A second with no long turn ends it.
    expect(clock.longForMs(now + 1_001)).toBe(0);
  });

  it('does not count turns made long by waiting for a core, only by the work run in them', async () => {
    const clock = new TurnClock(held(), 30);
    const started = performance.now();
    while (performance.now() - started < 1_500)
      await longTurn(clock, 40, stall);
    // Only a turn that starts a second after the last long one is judged by its wall time alone:
    // long turns never keep coming for a second.
    expect(clock.longForMs(performance.now())).toBeLessThan(1_000);
    expect(clock.longestRecentMs).toBeGreaterThanOrEqual(40);
  });

  it('counts nothing while turns stay short', async () => {
    const clock = new TurnClock(held(), 30);
    for (let i = 0; i < 5; i++) await longTurn(clock, 5);
    expect(clock.longForMs(performance.now())).toBe(0);
    expect(clock.longestRecentMs).toBeGreaterThanOrEqual(5);
  });

  it('turns once more after a turn that left a connection marked late, so that the mark is cleared', async () => {
    const sockets = await loopbackSockets(1);
    const [socket] = sockets.accepted;
    try {
      const connections = held();
      const clock = new TurnClock(connections, 30);
      clock.elapsedMs();
      await turnEnd();
      // The next turn reads nothing; a connection held for two seconds is read back at its end,
      // late, and nothing else is left to keep the clock turning.
      connections.hold(socket, 'admitted', performance.now() - 2_000);
      await waitFor(() => !connections.queueing, {
        what: 'the late mark to be cleared',
      });
    } finally {
      await sockets.close();
    }
  });
});
