/**
 * The run slots of the in-process executor: `TASKS_MAX_ACTIVE` runs at once, the others wait in
 * line (first come, first served), as jobs wait in the shared queue with Redis.
 */
export class TaskSlots {
  private used = 0;
  private readonly line: ((granted: boolean) => void)[] = [];
  private closed = false;

  constructor(private readonly size: number) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.line.length;
  }

  /** Resolves true once a slot is this caller's; false when the slots close first. */
  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.line.push(resolve));
  }

  /** Gives a slot back; the first in line gets it. */
  release(): void {
    const next = this.line.shift();
    if (next) next(true);
    else this.used--;
  }

  /** No more slots: whoever waits in line is told so. */
  close(): void {
    this.closed = true;
    for (const waiter of this.line.splice(0)) waiter(false);
  }
}
