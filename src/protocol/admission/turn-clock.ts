import { performance } from 'node:perf_hooks';
import { type HeldConnections, STANDING_MS } from './held-connections.js';

/** Length of the window `longestRecentMs` reports on. */
const WINDOW_MS = 10_000;

/** CPU time the event loop's own thread has run, in ms (not its libuv pool's or GC's threads). */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

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
 *
 * A turn counts as long by the CPU time the loop's thread spent in it, not by the clock on the
 * wall: a process that the machine leaves waiting for a core (other processes on a busy host, a
 * container's CPU quota throttled) has long turns that are not its own work, and refusing its
 * callers would not shorten them. Reading a thread's CPU time is a system call, so it is read only
 * for turns that start within `STANDING_MS` of a long turn; a turn that starts outside one is
 * judged by its wall time, which one such turn alone cannot make overload.
 */
export class TurnClock {
  /** Start of the current turn; -1 while idle. */
  private startedAt = -1;
  /** The loop thread's CPU time at the start of the current turn (ms); -1 when not read. */
  private cpuAtStart = -1;
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
    if (length >= this.longTurnMs && this.ownMs(length) >= this.longTurnMs) {
      if (!this.longAt(now - length)) this.longSince = now - length;
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
   * For how many ms long turns have kept coming, none more than `STANDING_MS` after the one before:
   * from the start of the first to the end of the last that has ended; 0 once that one ended more
   * than `STANDING_MS` before `now`. Long turns are overload only once they last: a burst of calls
   * on a process that has just started or a garbage collection makes a few long turns, and
   * refuses nothing.
   */
  longForMs(now: number): number {
    return this.longAt(now) ? this.lastLongAt - this.longSince : 0;
  }

  /** Whether a long turn ended at most `STANDING_MS` before `now`. */
  private longAt(now: number): boolean {
    return this.lastLongAt >= 0 && now - this.lastLongAt <= STANDING_MS;
  }

  private start(now: number): void {
    this.startedAt = now;
    this.cpuAtStart = this.longAt(now) ? threadCpuMs() : -1;
    setImmediate(this.nextTurn);
  }

  /** The CPU time the loop's thread spent in the turn that ran `length` ms on the wall. */
  private ownMs(length: number): number {
    return this.cpuAtStart < 0 ? length : threadCpuMs() - this.cpuAtStart;
  }

  /** The longest turn of the last 10 to 20 seconds, in ms. */
  get longestRecentMs(): number {
    return Math.max(this.longest, this.longestBefore);
  }
}
