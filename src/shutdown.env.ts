import { IsInt, Max, Min } from 'class-validator';
import { EnvInt } from './config/index.js';
import type { GracefulShutdownOptions } from './index.js';

/** How the process stops on SIGTERM (slot swap, scale-in) and SIGINT: `GracefulShutdown`'s options. */
export class ShutdownEnvironment {
  /**
   * Upper bound on a graceful shutdown, drain delay included. Past it, open connections are
   * dropped and the process exits with code 1. Well under the platform's grace period before it
   * kills the process.
   */
  @EnvInt() @IsInt() @Min(1000) @Max(600_000) SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * After SIGTERM, how long the instance keeps accepting connections while it reports not-ready:
   * a balancer that has not yet noticed still gets answers (with `Connection: close`) instead of
   * refused connections. Capped at the timeout minus one second. SIGINT skips it.
   */
  @EnvInt() @IsInt() @Min(0) @Max(600_000) SHUTDOWN_DRAIN_DELAY_MS = 2_000;

  /** The options handed to `GracefulShutdown`. */
  get options(): GracefulShutdownOptions {
    return {
      timeoutMs: this.SHUTDOWN_TIMEOUT_MS,
      drainDelayMs: this.SHUTDOWN_DRAIN_DELAY_MS,
    };
  }
}
