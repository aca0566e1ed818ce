import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startReading, stopReading } from './socket-reads.js';

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
  private busy = false;
  private held: Socket[] = [];
  private longest = 0;
  private readonly nextTurn = () => {
    const now = performance.now();
    this.longest = Math.max(this.longest, now - this.startedAt);
    this.release();
    if (this.busy) {
      this.busy = false;
      this.startedAt = now;
      setImmediate(this.nextTurn);
    } else this.startedAt = -1;
  };

  /** Ms the current turn has run; 0 for the first request after a quiet spell. */
  elapsedMs(): number {
    const now = performance.now();
    this.busy = true;
    if (this.startedAt < 0) {
      this.startedAt = now;
      setImmediate(this.nextTurn);
      return 0;
    }
    return now - this.startedAt;
  }

  /** Reads nothing more from `socket` until the next turn (call after `elapsedMs`). */
  holdUntilNextTurn(socket: Socket): void {
    if (stopReading(socket)) this.held.push(socket);
  }

  private paused: Socket[] = [];
  private pauseTimer?: NodeJS.Timeout;

  /**
   * Reads nothing more from `socket` for `ms` at most: for a refused connection, whose client may
   * retry at once whatever `Retry-After` says. What it sends meanwhile waits in the kernel, and the
   * turns run without it: a turn reads every ready connection at least once, and a refusal costs
   * Node's own handling of a request (tens of microseconds), so thousands of clients retrying at
   * once would fill every turn with refusals. One timer releases a batch.
   */
  pause(socket: Socket, ms: number): void {
    if (!stopReading(socket)) return;
    this.paused.push(socket);
    this.pauseTimer ??= setTimeout(() => {
      this.pauseTimer = undefined;
      const paused = this.paused;
      this.paused = [];
      for (const each of paused) startReading(each);
    }, ms).unref();
  }

  /** The longest turn since the last call, in ms. */
  takeLongestTurnMs(): number {
    const longest = this.longest;
    this.longest = 0;
    return longest;
  }

  private release(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const socket of held) startReading(socket);
  }
}
