import { Injectable } from '@nestjs/common';

/**
 * Counts the requests being served: admission bounds them (`MCP_MAX_IN_FLIGHT`) and a graceful
 * shutdown waits for them (long-lived streams leave the count: they end when the application
 * closes).
 */
@Injectable()
export class ActiveRequests {
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  /** Requests being served now. */
  get count(): number {
    return this.active;
  }

  /** Counts one request in; the returned function counts it out (idempotent). */
  enter(): () => void {
    this.active++;
    let counted = true;
    return () => {
      if (!counted) return;
      counted = false;
      if (--this.active === 0 && this.idleWaiters.length > 0)
        for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /** Resolves once no counted request is being served. */
  whenIdle(): Promise<void> {
    return this.active === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
