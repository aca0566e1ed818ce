import type { Socket } from 'node:net';

/** A connection whose reads are stopped, and since when (`performance.now()`). */
export interface Held {
  readonly socket: Socket;
  readonly since: number;
}

/**
 * A queue of held connections, taken from either end in O(1): oldest first (`shift`) or newest
 * first (`pop`). An array with a moving head, compacted once the head passes half of it.
 */
export class HeldQueue {
  private items: Held[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(held: Held): void {
    this.items.push(held);
  }

  /** The oldest, without taking it. */
  peek(): Held | undefined {
    return this.items[this.head];
  }

  /** Takes the oldest. */
  shift(): Held | undefined {
    if (this.head >= this.items.length) return undefined;
    const held = this.items[this.head++];
    if (this.head === this.items.length) this.clear();
    else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return held;
  }

  /** Takes the newest. */
  pop(): Held | undefined {
    if (this.head >= this.items.length) return undefined;
    const held = this.items.pop();
    if (this.head === this.items.length) this.clear();
    return held;
  }

  /** Takes everything, oldest first. */
  drain(): Held[] {
    const all = this.items.slice(this.head);
    this.clear();
    return all;
  }

  private clear(): void {
    this.items = [];
    this.head = 0;
  }
}
