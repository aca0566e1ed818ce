import type { Socket } from 'node:net';
import { type Held, HeldQueue } from './held-queue.js';
import { startReading, stopReading } from './socket-reads.js';

/** Why a connection is held: after an admitted request, after a refusal, or before its first read. */
export type HoldLane = 'admitted' | 'refused' | 'new';

/** At least this many connections of each lane are read again per turn, whatever they cost. */
const MIN_PER_TURN = 16;
/** Share of a turn's releases that go to the newest new connections (a health probe's). */
const NEWEST_SHARE = 1 / 4;
/**
 * A backlog that has not emptied for this long is a standing queue, not a burst: only then is a
 * connection that waited past the bound refused (CoDel's distinction between a good and a bad
 * queue, https://queue.acm.org/detail.cfm?id=2209336). Long turns likewise refuse only once they
 * have gone on for this long (`TurnClock.longForMs`).
 */
export const STANDING_MS = 1_000;
/** Weight of the newest sample in the running cost of a read (an EWMA). */
const COST_WEIGHT = 1 / 16;

/** What `HeldConnections` needs from the admission settings. */
export interface HoldLimits {
  /** Ms of reads a turn spends on admitted requests: sizes a turn's releases. */
  readonly turnBudgetMs: number;
  /** Ms a turn may run: the rest of it, after two budgets, goes to refusals. */
  readonly maxDelayMs: number;
  /** Ms a connection may wait in a standing queue before its request is refused. */
  readonly maxQueueMs: number;
}

/**
 * The connections admission holds back, read again a turn's worth at a time.
 *
 * Under a flood, reading every held connection in the next turn makes that turn as long as the
 * flood is wide; instead each turn reads back what it can serve within `turnBudgetMs`, at the
 * measured cost of a read, and the rest wait, their requests unread in the kernel:
 *
 * - connections just refused, first: their retry is answered (or refused again) cheaply;
 * - then the newest new connections (adaptive LIFO, as in "Fail at Scale",
 *   https://queue.acm.org/detail.cfm?id=2839461): a health probe is read at once, not behind
 *   thousands of connections opened before it;
 * - then, oldest first, connections held after an admitted request and the other new ones.
 *
 * A connection that has waited `maxQueueMs` in a standing queue is read back at the turn's end,
 * whatever the quota, and marked late for one turn: its request is refused. A queue hides a flood
 * from the length of a turn, so its wait is what tells the instance it is behind, and refusing
 * what waited too long keeps the queue as short as the bound.
 */
export class HeldConnections {
  private readonly admitted = new HeldQueue();
  private readonly refused = new HeldQueue();
  private readonly fresh = new HeldQueue();
  private readonly lanes: Readonly<Record<HoldLane, HeldQueue>> = {
    admitted: this.admitted,
    refused: this.refused,
    new: this.fresh,
  };
  /** Connections read back late at the end of the last turn, with their wait in ms. */
  private late = new Map<Socket, number>();
  /** Since when admitted and new connections have waited without a break; -1 while none wait. */
  private backlogSince = -1;
  private readonly cost = { admitted: 0.1, refused: 0.02 };
  private lastReadAt = -1;
  private lastOutcome: 'admitted' | 'refused' = 'admitted';
  private closed = false;

  constructor(private readonly limits: HoldLimits) {}

  /** Connections waiting to be read again. */
  get size(): number {
    return this.refused.length + this.backlog;
  }

  /** Whether anything waits or was just read back late: every admitted connection then queues. */
  get queueing(): boolean {
    return this.size > 0 || this.late.size > 0;
  }

  /** Stops reading `socket` until a later turn reads it back. */
  hold(socket: Socket, lane: HoldLane, now: number): void {
    if (this.closed || !stopReading(socket)) return;
    this.lanes[lane].push({ socket, since: now });
    if (lane !== 'refused' && this.backlogSince < 0) this.backlogSince = now;
  }

  /** How long `socket` waited in a standing queue before this turn read it; 0 if it was not late. */
  lateBy(socket: Socket): number {
    return this.late.get(socket) ?? 0;
  }

  /**
   * Records that a request was just read and admitted or refused: the time since the previous
   * read of this turn is what the previous request cost.
   */
  noteRead(outcome: 'admitted' | 'refused', now: number): void {
    this.measure(now);
    this.lastReadAt = now;
    this.lastOutcome = outcome;
  }

  /** At the end of a turn: reads back a turn's worth of held connections. */
  release(now: number): void {
    this.measure(now);
    this.lastReadAt = -1;
    this.late.clear();
    if (this.size === 0) return;
    const { turnBudgetMs, maxDelayMs, maxQueueMs } = this.limits;
    const standing = this.standing(now);
    const lateAfter = standing ? maxQueueMs : Infinity;
    let refusals = perTurn(maxDelayMs - 2 * turnBudgetMs, this.cost.refused);
    while (refusals > 0 && this.refused.length > 0)
      if (this.readBack(this.refused.shift()!, now, Infinity)) refusals--;
    // In a standing queue, whatever has waited past the bound is read back now, to be refused:
    // left to the turn's quota, the queue would grow as long as the flood is wide.
    if (standing)
      for (const queue of [this.fresh, this.admitted])
        while (refusals > 0 && (queue.peek()?.since ?? now) <= now - maxQueueMs)
          if (this.readBack(queue.shift()!, now, maxQueueMs)) refusals--;
    let reads = perTurn(turnBudgetMs, this.cost.admitted);
    let newest = Math.ceil(reads * NEWEST_SHARE);
    while (newest > 0 && this.fresh.length > 0)
      if (this.readBack(this.fresh.pop()!, now, lateAfter)) {
        newest--;
        reads--;
      }
    while (reads > 0 && this.backlog > 0) {
      const queue =
        (this.fresh.peek()?.since ?? Infinity) <
        (this.admitted.peek()?.since ?? Infinity)
          ? this.fresh
          : this.admitted;
      if (this.readBack(queue.shift()!, now, lateAfter)) reads--;
    }
    if (this.backlog === 0) this.backlogSince = -1;
  }

  /** Reads every held connection back and holds no more: the instance is shutting down. */
  close(): void {
    this.closed = true;
    for (const queue of Object.values(this.lanes))
      for (const held of queue.drain()) startReading(held.socket);
    this.backlogSince = -1;
  }

  /** Admitted and new connections waiting: the queue a standing backlog is made of. */
  private get backlog(): number {
    return this.admitted.length + this.fresh.length;
  }

  /** Whether admitted and new connections have waited without a break for `STANDING_MS`. */
  private standing(now: number): boolean {
    return this.backlogSince >= 0 && now - this.backlogSince >= STANDING_MS;
  }

  private readBack(held: Held, now: number, lateAfter: number): boolean {
    if (held.socket.destroyed) return false;
    startReading(held.socket);
    const waited = now - held.since;
    if (waited >= lateAfter) this.late.set(held.socket, waited);
    return true;
  }

  private measure(now: number): void {
    if (this.lastReadAt < 0) return;
    const cost = this.cost[this.lastOutcome];
    this.cost[this.lastOutcome] =
      cost + (now - this.lastReadAt - cost) * COST_WEIGHT;
  }
}

/** How many reads of `costMs` fit in `budgetMs`, and never fewer than `MIN_PER_TURN`. */
function perTurn(budgetMs: number, costMs: number): number {
  return Math.max(MIN_PER_TURN, Math.floor(budgetMs / costMs));
}
