/** Which cap refused a stream. */
export type ListenCapScope = 'instance' | 'caller';

/**
 * Counts the open `subscriptions/listen` streams of this instance, in total and per authenticated
 * caller. Each stream holds a socket and a bus subscription for as long as the client wants, so
 * without a cap one client can exhaust the instance's file descriptors and lock everyone out.
 */
export class ListenSlots {
  private total = 0;
  private readonly byCaller = new Map<string, number>();

  constructor(
    /** Most streams open at once on this instance. */
    readonly maxTotal: number,
    /** Most streams one caller may hold open at once (only when callers are authenticated). */
    readonly maxPerCaller: number,
  ) {}

  /** Streams open now. */
  get open(): number {
    return this.total;
  }

  /**
   * Takes a slot for `caller` (undefined when callers are anonymous).
   * @returns the function that gives it back (calling it twice is harmless), or the cap that refused.
   */
  acquire(caller?: string): (() => void) | ListenCapScope {
    if (this.total >= this.maxTotal) return 'instance';
    const held = caller === undefined ? 0 : (this.byCaller.get(caller) ?? 0);
    if (caller !== undefined && held >= this.maxPerCaller) return 'caller';
    this.total++;
    if (caller !== undefined) this.byCaller.set(caller, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      if (caller === undefined) return;
      const left = (this.byCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.byCaller.set(caller, left);
      else this.byCaller.delete(caller);
    };
  }
}
