import { afterEach, describe, expect, it } from '@jest/globals';
import type { Socket } from 'node:net';
import { loopbackSockets } from '../../../test/support/loopback-sockets.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { HeldConnections } from './held-connections.js';

/** One read of each lane is worth its minimum (16 per turn), four of them the newest new ones. */
const SMALL = { turnBudgetMs: 1, maxDelayMs: 2, maxQueueMs: 250 };

describe('HeldConnections', () => {
  let sockets: Awaited<ReturnType<typeof loopbackSockets>> | undefined;
  afterEach(() => sockets?.close());

  it('reads back the newest new connections, then the rest oldest first whatever the lane, a turn’s worth at a time; once the queue stands, refused ones first', async () => {
    sockets = await loopbackSockets(24);
    const { accepted } = sockets;
    const held = new HeldConnections(SMALL);
    // 0–9 admitted at 0–9 ms, 10–19 new at 10–19 ms, 20–22 refused at 20 ms; 23 is never held.
    accepted.slice(0, 10).forEach((s, i) => held.hold(s, 'admitted', i));
    accepted.slice(10, 20).forEach((s, i) => held.hold(s, 'new', 10 + i));
    accepted.slice(20, 23).forEach((s) => held.hold(s, 'refused', 20));
    expect(held.size).toBe(23);
    await sockets.sendAll(23);
    expect(accepted.slice(0, 23).some((_, i) => sockets!.hasRead(i))).toBe(
      false,
    );

    held.release(100, 1);
    // The four newest new ones, 19–16; then the twelve oldest: admitted 0–9, new 10–11.
    const readBack = [19, 18, 17, 16, ...Array(10).keys(), 10, 11];
    await waitFor(() => readBack.every((i) => sockets!.hasRead(i)), {
      what: 'the connections read back',
    });
    expect(held.size).toBe(7);
    // Written after the bytes above, read after them: the held ones would have been read too.
    sockets.clients[23].write('y');
    await waitFor(() => sockets!.hasRead(23), { what: 'the control' });
    expect(
      [12, 13, 14, 15, 20, 21, 22].filter((i) => sockets!.hasRead(i)),
    ).toEqual([]);

    // From 1,000 ms the queue stands: the refused ones are read first (not late: they were
    // answered), then new 12–15, waiting past the bound, read back late.
    held.release(1_000, 1);
    await waitFor(() => [20, 21, 22].every((i) => sockets!.hasRead(i)), {
      what: 'the refused connections read back',
    });
    expect([20, 21, 22].map((i) => held.lateBy(accepted[i]))).toEqual([
      0, 0, 0,
    ]);
    expect([12, 13, 14, 15].map((i) => held.lateBy(accepted[i]))).toEqual([
      988, 987, 986, 985,
    ]);
    expect(held.size).toBe(0);
  });

  it('reads a storm of new connections, more than the coming turns read within the bound, back at once, late by the bound, and for a second after keeps only the newest few', async () => {
    sockets = await loopbackSockets(60);
    const { accepted } = sockets;
    const held = new HeldConnections(SMALL);
    // 16 reads a turn; at 2 ms a turn (held to maxDelayMs), 250 ms reads 2,000: no storm.
    accepted.forEach((s, i) => held.hold(s, 'new', i / 100));
    held.release(1, 500);
    expect(held.size).toBe(60 - 16);
    expect(accepted.filter((s) => held.lateBy(s) > 0)).toEqual([]);
    held.close();

    // A 2 ms bound at 1 ms turns (limits of 1 ms) reads 32: the first 40 are a storm. Only the
    // newest four wait (and are read this turn); the 36 others are read back late by the bound.
    const stormy = new HeldConnections({
      ...SMALL,
      maxDelayMs: 1,
      maxQueueMs: 2,
    });
    const lateness = (group: Socket[]) => group.map((s) => stormy.lateBy(s));
    /** `late` connections marked late by the 2 ms bound, then `onTime` not marked. */
    const marks = (late: number, onTime: number) => [
      ...Array<number>(late).fill(2),
      ...Array<number>(onTime).fill(0),
    ];
    const first = accepted.slice(0, 40);
    first.forEach((s) => stormy.hold(s, 'new', 0));
    stormy.release(1, 1);
    expect(lateness(first)).toEqual(marks(36, 4));
    expect(stormy.size).toBe(0);
    // For a second after, the storm goes on: of 10 new ones, the 6 oldest are read back late.
    const next = accepted.slice(40, 50);
    next.forEach((s) => stormy.hold(s, 'new', 2));
    stormy.release(3, 1);
    expect(lateness(next)).toEqual(marks(6, 4));
    // Then 10 new ones are no storm: all read back this turn, none late.
    const calm = accepted.slice(50);
    calm.forEach((s) => stormy.hold(s, 'new', 1_100));
    stormy.release(1_101, 1);
    expect(lateness(calm)).toEqual(marks(0, 10));
    expect(stormy.size).toBe(0);
    stormy.close();
  });

  it('in a queue that has not been empty for a second since it began, reads back whatever waited past the bound, beyond the turn’s quota, and marks it late for one turn', async () => {
    sockets = await loopbackSockets(40);
    // Room for 1,400 refusals a turn: the sweep is not what bounds it here.
    const held = new HeldConnections({ ...SMALL, maxDelayMs: 30 });
    // A burst: everything read back by 300 ms, nothing late though it waited past 250 ms.
    sockets.accepted.slice(0, 16).forEach((s) => held.hold(s, 'admitted', 0));
    held.release(300, 1);
    expect(held.size).toBe(0);
    expect(sockets.accepted.map((s) => held.lateBy(s))).toEqual(
      Array(40).fill(0),
    );
    // The queue that began at 0 ms was empty for less than a second: 40 held at 1,000 ms join it,
    // and it stands. 16 are read back per turn; at 2,100 ms the 24 left, waiting since 1,000 ms,
    // are all read back at once, late.
    sockets.accepted.forEach((s) => held.hold(s, 'admitted', 1_000));
    held.release(1_100, 1);
    expect(held.size).toBe(24);
    held.release(2_100, 1);
    expect(held.size).toBe(0);
    const late = sockets.accepted.filter((s) => held.lateBy(s) > 0);
    expect(late).toEqual(sockets.accepted.slice(16));
    expect(held.lateBy(late[0])).toBe(1_100);
    // The mark lasts one turn.
    held.release(2_110, 1);
    expect(held.lateBy(late[0])).toBe(0);
  });

  it('in a standing queue, reads back as long of refusals a turn as a turn admits for, at their measured cost', async () => {
    sockets = await loopbackSockets(60);
    const held = new HeldConnections({
      turnBudgetMs: 10,
      maxDelayMs: 40,
      maxQueueMs: 250,
    });
    // Refusals and admitted calls that cost 1 ms each: 40 refusals a turn, and 16 admitted reads
    // (the minimum; 10 ms of them).
    for (let t = 0; t <= 200; t++)
      held.noteRead(t <= 100 ? 'refused' : 'admitted', t);
    sockets.accepted.forEach((s) => held.hold(s, 'admitted', 300));
    // The queue stands from 1,300 ms: all 60 waited past the bound; 40 are swept, 16 read in turn.
    held.release(1_300, 1);
    expect(held.size).toBe(4);
    expect(sockets.accepted.filter((s) => held.lateBy(s) > 0)).toHaveLength(56);
    held.close();
  });

  it('keeps a queue standing while it empties for less than a second, and starts afresh after a longer break', async () => {
    sockets = await loopbackSockets(3);
    const [a, b, c] = sockets.accepted;
    const held = new HeldConnections(SMALL);
    held.hold(a, 'admitted', 0);
    held.release(1_000, 1);
    // Empty from 1,000 ms; b waits from 1,100 ms and the queue, begun at 0, still stands.
    held.hold(b, 'admitted', 1_100);
    held.release(1_400, 1);
    expect(held.lateBy(b)).toBe(300);
    // Empty from 1,400 ms for more than a second: c's queue begins anew, and does not stand.
    held.hold(c, 'admitted', 2_500);
    held.release(2_800, 1);
    expect(held.lateBy(c)).toBe(0);
    expect(held.size).toBe(0);
  });

  it('reads back as many admitted connections per turn as their measured cost fits in the budget', async () => {
    sockets = await loopbackSockets(60);
    const cheap = new HeldConnections({ ...SMALL, turnBudgetMs: 5 });
    sockets.accepted.forEach((s) => cheap.hold(s, 'admitted', 0));
    // Before any measure a read is taken to cost 0.1 ms: 50 per turn.
    cheap.release(1, 1);
    expect(cheap.size).toBe(10);
    cheap.close();

    const costly = new HeldConnections({ ...SMALL, turnBudgetMs: 5 });
    sockets.accepted.forEach((s) => costly.hold(s, 'admitted', 0));
    // Requests that cost 1 ms each: 5 per turn, raised to the minimum of 16.
    for (let t = 0; t <= 100; t++) costly.noteRead('admitted', t);
    costly.release(101, 1);
    expect(costly.size).toBe(60 - 16);
    costly.close();
  });

  it('reads everything back at close and holds nothing after', async () => {
    sockets = await loopbackSockets(3);
    const held = new HeldConnections(SMALL);
    sockets.accepted.slice(0, 2).forEach((s) => held.hold(s, 'new', 0));
    await sockets.sendAll(2);
    held.close();
    expect(held.size).toBe(0);
    await waitFor(() => sockets!.hasRead(0) && sockets!.hasRead(1), {
      what: 'the held connections to be read',
    });
    held.hold(sockets.accepted[2], 'admitted', 1);
    expect(held.size).toBe(0);
  });
});
