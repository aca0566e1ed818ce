import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startReading, stopReading } from './socket-reads.js';

/** After this long without a request, earlier turns no longer count as recent. */
const QUIET_MS = 1000;
/** Length of the window `longestRecentMs` reports on. */
const WINDOW_MS = 10_000;

/**
 * How long the current turn of the event loop has been running, and the connections it holds back
 * until the next turn.
 *
 * Node reads every socket that is ready in one poll phase, and libuv polls again at once, up to
 * dozens of times, while a full batch of sockets is ready: under a flood of keep-alive connections
 * one turn was measured running for 1.5 s and 40,000 requests, while timers, health probes and the
 * answers of requests already admitted waited. A turn here runs from one check phase to the next
 * (https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick#setimmediate): a
 * `setImmediate` marks its end and the next one's start, and is scheduled again only while requests
 * keep coming, so an idle loop schedules nothing; the first request after a quiet spell starts the
 * clock itself. A connection held back is not read again before the next turn: once a turn has run
 * long enough, each connection is read at most once more, and the turn ends.
 */
export class TurnClock {
  /** Start of the current turn; -1 while idle. */
  private startedAt = -1;
  /** The two turns before this one, in ms (0 after a quiet spell). */
  private previous = 0;
  private beforePrevious = 0;
  private endedAt = 0;
  private busy = false;
  private held: Socket[] = [];
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
    this.beforePrevious = this.previous;
    this.previous = length;
    this.endedAt = now;
    this.release();
    if (this.busy) {
      this.busy = false;
      this.start(now);
    } else this.startedAt = -1;
  };

  /** Ms the current turn has run; 0 for the first request after a quiet spell. */
  elapsedMs(): number {
    const now = performance.now();
    this.busy = true;
    if (this.startedAt < 0) {
      if (now - this.endedAt > QUIET_MS)
        this.previous = this.beforePrevious = 0;
      this.start(now);
      return 0;
    }
    return now - this.startedAt;
  }

  /**
   * The longer of the two turns before this one, in ms: a long turn is overload only if the loop
   * was busy before too. One long turn alone (a burst of calls, a garbage collection, a process
   * the machine left waiting for a core) refuses nothing.
   */
  get recentMs(): number {
    return Math.max(this.previous, this.beforePrevious);
  }

  private start(now: number): void {
    this.startedAt = now;
    setImmediate(this.nextTurn);
  }

  /** Reads nothing more from `socket` until the next turn (call after `elapsedMs`). */
  holdUntilNextTurn(socket: Socket): void {
    if (stopReading(socket)) this.held.push(socket);
  }

  /** The longest turn of the last 10 to 20 seconds, in ms. */
  get longestRecentMs(): number {
    return Math.max(this.longest, this.longestBefore);
  }

  private release(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const socket of held) startReading(socket);
  }
}
