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
 * A backlog that has lasted this long, with no break as long, is a standing queue, not a burst:
 * only then is a connection that waited past the bound refused (CoDel's distinction between a good
 * and a bad queue, https://queue.acm.org/detail.cfm?id=2209336). Long turns likewise refuse only
 * once they have gone on for this long (`TurnClock.longForMs`).
 */
export const STANDING_MS = 1_000;
/** Weight of the newest sample in the running cost of a read (an EWMA). */
const COST_WEIGHT = 1 / 16;

/** What `HeldConnections` needs from the admission settings. */
export interface HoldLimits {
  /** Ms of reads a turn spends on admitted requests: sizes a turn's releases. */
  readonly turnBudgetMs: number;
  /**
   * Ms a turn may run before it refuses; in a standing queue a turn's end also reads back as long
   * again of connections to refuse.
   */
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
 * - in a standing queue, connections just refused, first: their retry is answered (or refused
 *   again) cheaply (before the queue stands it would be admitted, so they wait with the others);
 * - then the newest new connections (adaptive LIFO, as in "Fail at Scale",
 *   https://queue.acm.org/detail.cfm?id=2839461): a health probe is read at once, not behind
 *   thousands of connections opened before it;
 * - then, oldest first, the other connections.
 *
 * A connection that has waited `maxQueueMs` in a standing queue is read back at the turn's end,
 * whatever the quota, and marked late for one turn: its request is refused. A queue hides a flood
 * from the length of a turn, so its wait is what tells the instance it is behind, and refusing
 * what waited too long keeps the queue as short as the bound. New connections beyond what the
 * coming turns can read within the bound (a storm: thousands of clients connecting at once) are
 * read back late at once, and for a second after all but the newest few, without waiting for the
 * queue to stand.
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
  /**
   * Since when admitted and new connections have waited with no break as long as `STANDING_MS`;
   * -1 before the first. A queue stands from `STANDING_MS` after it began until it has been empty
   * that long (so a queue that empties for a moment between two turns still stands).
   */
  private backlogSince = -1;
  /** Since when no admitted or new connection waits; -1 while some do. */
  private emptySince = -1;
  private readonly cost = { admitted: 0.1, refused: 0.02 };
  private lastReadAt = -1;
  /** Until when a storm of new connections goes on: meanwhile only the newest few wait. */
  private stormUntil = -Infinity;
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
    if (lane === 'refused') return;
    // A backlog that emptied for as long as it takes to stand has ended: this one starts afresh.
    if (this.emptySince >= 0 && now - this.emptySince >= STANDING_MS)
      this.backlogSince = -1;
    this.emptySince = -1;
    if (this.backlogSince < 0) this.backlogSince = now;
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

  /** At the end of a turn of `turnMs`: reads back a turn's worth of held connections. */
  release(now: number, turnMs: number): void {
    this.measure(now);
    this.lastReadAt = -1;
    this.late.clear();
    if (this.size === 0) return;
    const { turnBudgetMs, maxQueueMs } = this.limits;
    const standing = this.standing(now);
    const lateAfter = standing ? maxQueueMs : Infinity;
    let reads = perTurn(turnBudgetMs, this.cost.admitted);
    // Until the queue stands, a refused connection waits its turn with the others: read back
    // first, its next request would be admitted, not refused, ahead of those waiting.
    if (standing) this.sweep(now);
    let newest = Math.ceil(reads * NEWEST_SHARE);
    this.trimStorm(now, reads, newest, turnMs);
    while (newest > 0 && this.fresh.length > 0)
      if (this.readBack(this.fresh.pop()!, now, lateAfter)) {
        newest--;
        reads--;
      }
    const queues = standing
      ? [this.fresh, this.admitted]
      : [this.fresh, this.admitted, this.refused];
    for (let queue = oldest(queues); reads > 0 && queue; queue = oldest(queues))
      if (this.readBack(queue.shift()!, now, lateAfter)) reads--;
    if (this.backlog === 0 && this.emptySince < 0) this.emptySince = now;
  }

  /**
   * In a standing queue: connections just refused first, then whatever has waited past the bound,
   * read back now to be refused, beyond the turn's quota: left to the quota, the queue would grow
   * as long as the flood is wide. Refusals get as long as a turn admits for (`maxDelayMs`, at the
   * measured cost of a refusal): what is not admitted must be answered as fast as it comes, or it
   * waits past the bound in the kernel and at the client, and so do the calls then admitted. With
   * half as long (what was left of the bound after two budgets), a flood at 5× the capacity was
   * answered 100–400 calls a second short of what it sent: every admitted call had waited 1–5 s.
   */
  private sweep(now: number): void {
    const { maxDelayMs, maxQueueMs } = this.limits;
    let refusals = perTurn(maxDelayMs, this.cost.refused);
    while (refusals > 0 && this.refused.length > 0)
      if (this.readBack(this.refused.shift()!, now, Infinity)) refusals--;
    for (const queue of [this.fresh, this.admitted])
      while (refusals > 0 && (queue.peek()?.since ?? now) <= now - maxQueueMs)
        if (this.readBack(queue.shift()!, now, maxQueueMs)) refusals--;
  }

  /**
   * A storm of new connections: more than the coming turns can read within the bound, `reads` a
   * turn at this turn's length (held between the budget and `maxDelayMs`, the longest turn
   * admission keeps to once a flood lasts: a longer one is taken for a one-off, a garbage
   * collection or a process just started, so that a burst of a hundred connections is served).
   * From then on, for `STANDING_MS`, only the `newest` new connections (the turn's newest share)
   * wait; the others are read back at once, oldest first, and marked late by the bound, so their
   * requests are refused (a health probe's is answered: health never passes admission). A probe
   * that comes in a storm is read within a turn or two instead of sinking behind it, and the storm
   * is refused without waiting for the queue to stand, since it is known to be too long already.
   */
  private trimStorm(
    now: number,
    reads: number,
    newest: number,
    turnMs: number,
  ): void {
    const { turnBudgetMs, maxDelayMs, maxQueueMs } = this.limits;
    const turn = Math.min(Math.max(turnMs, turnBudgetMs), maxDelayMs);
    const drainable = Math.floor((reads * maxQueueMs) / turn);
    if (this.fresh.length > drainable) this.stormUntil = now + STANDING_MS;
    if (now >= this.stormUntil) return;
    while (this.fresh.length > newest)
      this.readBack(this.fresh.shift()!, now, -Infinity, maxQueueMs);
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

  /**
   * Whether the queue stands: admitted and new connections have waited for `STANDING_MS`, with no
   * break that long.
   */
  private standing(now: number): boolean {
    return (
      this.backlogSince >= 0 &&
      now - this.backlogSince >= STANDING_MS &&
      (this.emptySince < 0 || now - this.emptySince < STANDING_MS)
    );
  }

  /**
   * Reads `held` again; marks it late if it waited `lateAfter` ms or more, by its wait or by
   * `atLeast`, whichever is longer.
   */
  private readBack(
    held: Held,
    now: number,
    lateAfter: number,
    atLeast = 0,
  ): boolean {
    if (held.socket.destroyed) return false;
    startReading(held.socket);
    const waited = now - held.since;
    if (waited >= lateAfter)
      this.late.set(held.socket, Math.max(waited, atLeast));
    return true;
  }

  private measure(now: number): void {
    if (this.lastReadAt < 0) return;
    const cost = this.cost[this.lastOutcome];
    this.cost[this.lastOutcome] =
      cost + (now - this.lastReadAt - cost) * COST_WEIGHT;
  }
}

/** The queue whose first connection has waited longest; undefined if all are empty. */
function oldest(queues: readonly HeldQueue[]): HeldQueue | undefined {
  let first: HeldQueue | undefined;
  for (const queue of queues)
    if (
      queue.length > 0 &&
      (!first || queue.peek()!.since < first.peek()!.since)
    )
      first = queue;
  return first;
}

/** How many reads of `costMs` fit in `budgetMs`, and never fewer than `MIN_PER_TURN`. */
function perTurn(budgetMs: number, costMs: number): number {
  return Math.max(MIN_PER_TURN, Math.floor(budgetMs / costMs));
}
