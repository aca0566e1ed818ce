import { performance } from 'node:perf_hooks';
import { type HeldConnections, STANDING_MS } from './held-connections.js';

/** Length of the window `longestRecentMs` reports on. */
const WINDOW_MS = 10_000;

/**
 * How long the current turn of the event loop has been running, and for how long long turns have
 * kept coming.
 *
 * Node reads every socket that is ready in one poll phase, and libuv polls again at once, up to
 * dozens of times, while a full batch of sockets is ready: under a flood of keep-alive connections
 * one turn was measured running for 1.5 s and 40,000 requests, while timers, health probes and the
 * answers of requests already admitted waited. A turn here runs from one check phase to the next
 * (https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick#setimmediate): a
 * `setImmediate` marks its end and the next one's start, and is scheduled again only while requests
 * keep coming or connections are held, so an idle loop schedules nothing; the first request after a
 * quiet spell starts the clock itself. Each turn's end reads back a turn's worth of the connections
 * admission holds (`HeldConnections`).
 */
export class TurnClock {
  /** Start of the current turn; -1 while idle. */
  private startedAt = -1;
  private busy = false;
  /** Since when long turns have followed each other with no long-turn-free second; and the last. */
  private longSince = -1;
  private lastLongAt = -1;
  /** The longest turn of the current 10 s window, and of the one before. */
  private longest = 0;
  private longestBefore = 0;
  private windowStart = 0;
  private readonly nextTurn = () => {
    const now = performance.now();
    const length = now - this.startedAt;
    if (now - this.windowStart >= WINDOW_MS) {
      this.longestBefore = this.longest;
      this.longest = 0;
      this.windowStart = now;
    }
    this.longest = Math.max(this.longest, length);
    if (length >= this.longTurnMs) {
      if (this.longForMs(now - length) === 0) this.longSince = now - length;
      this.lastLongAt = now;
    }
    this.held.release(now, length);
    // Late marks last one turn: one more turn clears them even if nothing else comes.
    if (this.busy || this.held.queueing) {
      this.busy = false;
      this.start(now);
    } else this.startedAt = -1;
  };

  /**
   * @param held the connections read back at each turn's end
   * @param longTurnMs from how long a turn counts as long (`longForMs`)
   */
  constructor(
    private readonly held: HeldConnections,
    private readonly longTurnMs: number,
  ) {}

  /** Ms the current turn has run; 0 for the first request after a quiet spell. */
  elapsedMs(): number {
    this.busy = true;
    if (this.startedAt < 0) {
      this.start(performance.now());
      return 0;
    }
    return performance.now() - this.startedAt;
  }

  /** Ms the current turn has run, without starting one: 0 while the loop is idle. */
  runningMs(): number {
    return this.startedAt < 0 ? 0 : performance.now() - this.startedAt;
  }

  /**
   * For how many ms, up to `now`, long turns have kept coming, none more than `STANDING_MS` after
   * the one before; 0 if the last long turn ended longer ago. Long turns are overload only once
   * they last: a burst of calls on a process that has just started, a garbage collection, or a
   * process the machine left waiting for a core makes a few long turns, and refuses nothing.
   */
  longForMs(now: number): number {
    return this.lastLongAt < 0 || now - this.lastLongAt > STANDING_MS
      ? 0
      : now - this.longSince;
  }

  private start(now: number): void {
    this.startedAt = now;
    setImmediate(this.nextTurn);
  }

  /** The longest turn of the last 10 to 20 seconds, in ms. */
  get longestRecentMs(): number {
    return Math.max(this.longest, this.longestBefore);
  }
}
