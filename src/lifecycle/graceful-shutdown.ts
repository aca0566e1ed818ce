import { type INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { ConfigError } from '../config/validate-env.js';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import { McpEndpoint } from '../protocol/transport/mcp-endpoint.service.js';
import { McpHttpAdapter } from '../protocol/transport/mcp-http.adapter.js';
import { DrainHooks } from './drain.hooks.js';

/** Exit code of a shutdown that finished in time, and of one that ran out of time. */
export const EXIT_CLEAN = 0;
export const EXIT_FORCED = 1;

/** How long a `GracefulShutdown` may take. */
export interface GracefulShutdownOptions {
  /**
   * Upper bound on the whole shutdown, drain delay included, in ms, 1000–600000 (default 10000).
   * Past it, open connections are dropped and the exit code is 1. Keep it well under the
   * platform's grace period before it kills the process.
   */
  readonly timeoutMs?: number;
  /**
   * After SIGTERM, how long the instance keeps serving while it reports not-ready, in ms, 0–600000
   * (default 2000), capped at `timeoutMs` minus one second: a balancer that has not noticed yet
   * still gets answers (with `Connection: close`) instead of refused connections. SIGINT skips it.
   */
  readonly drainDelayMs?: number;
}

/**
 * Stops a listening application without failing a request it accepted (slot swap, scale-in). Meant
 * for an application on `McpHttpAdapter`, which drains connections (steps 1 and 3); on another
 * adapter those steps are Nest's own `close()`, which stops accepting but cannot mark responses
 * `Connection: close` while the balancer still routes here:
 *
 * 1. report not-ready (`/readyz` 503) and answer every request with `Connection: close`; start the
 *    `DrainHooks` at once (running tasks stop fetching and are handed over to other instances, or
 *    failed, while the pools and connections their tools use still exist);
 * 2. keep serving for the drain delay (SIGTERM only), for a balancer that still routes here;
 * 3. stop accepting connections; idle keep-alive connections close at once, busy ones after their
 *    response;
 * 4. wait for the MCP requests in flight (request-scoped SSE streams included) to be answered;
 * 5. close the application: it waits for the drain hooks first (before any `onModuleDestroy`), then
 *    Nest's shutdown hooks end `subscriptions/listen` streams with their complete result, flush
 *    telemetry and release Redis;
 * 6. exit 0 — or, when the whole took longer than `timeoutMs`, drop what is left and exit 1.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private running?: Promise<number>;

  private readonly timeoutMs: number;
  private readonly drainDelayMs: number;

  /**
   * A shutdown for `app` (listening or not).
   * @throws ConfigError when an option is out of its range (one line each).
   */
  constructor(
    private readonly app: INestApplication,
    { timeoutMs = 10_000, drainDelayMs = 2_000 }: GracefulShutdownOptions = {},
  ) {
    const problems = [
      ...outOfRange('timeoutMs', timeoutMs, 1000),
      ...outOfRange('drainDelayMs', drainDelayMs, 0),
    ];
    if (problems.length > 0) throw new ConfigError(problems);
    this.timeoutMs = timeoutMs;
    this.drainDelayMs = Math.max(0, Math.min(drainDelayMs, timeoutMs - 1000));
  }

  /**
   * Shuts down and exits on SIGTERM (with the drain delay) and SIGINT (without: nobody balances a
   * terminal). A second signal meets the default handler and ends the process at once.
   */
  installSignalHandlers(
    exit: (code: number) => void = (code) => process.exit(code),
  ): void {
    process.once('SIGTERM', () => void this.run(this.drainDelayMs).then(exit));
    process.once('SIGINT', () => void this.run(0).then(exit));
  }

  /** Runs the shutdown once (later calls get the same outcome); resolves with the exit code. */
  run(drainDelayMs = this.drainDelayMs): Promise<number> {
    this.running ??= this.shutdown(drainDelayMs);
    return this.running;
  }

  private async shutdown(drainDelayMs: number): Promise<number> {
    const started = Date.now();
    const http = this.app.getHttpAdapter();
    const adapter = http instanceof McpHttpAdapter ? http : undefined;
    this.app.get(ReadinessRegistry).beginShutdown();
    adapter?.beginDrain();
    // Not awaited here: `app.close()` awaits it (the adapter's beforeClose) before destroying anything.
    void this.app.get(DrainHooks).run();
    this.logger.log(
      `Shutting down: not ready, draining for ${drainDelayMs} ms, at most ${this.timeoutMs} ms in all`,
    );
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    try {
      const finished = await Promise.race([
        this.drain(adapter, drainDelayMs).then(() => true as const),
        outOfTime,
      ]);
      if (finished) {
        this.logger.log(`Shut down cleanly in ${Date.now() - started} ms`);
        return EXIT_CLEAN;
      }
      this.logger.warn(
        `Shutdown ran out of time after ${this.timeoutMs} ms: dropping open connections`,
      );
    } catch (err) {
      this.logger.error(
        `Shutdown failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (adapter) adapter.closeAllConnections();
    else (this.app.getHttpServer() as Server).closeAllConnections();
    return EXIT_FORCED;
  }

  private async drain(
    adapter: McpHttpAdapter | undefined,
    drainDelayMs: number,
  ): Promise<void> {
    if (drainDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
    const closed = adapter?.close();
    await this.app.get(McpEndpoint).whenIdle();
    await this.app.close();
    await closed;
  }
}

/** The problem with a millisecond option, if any. */
function outOfRange(name: string, value: number, min: number): string[] {
  return Number.isInteger(value) && value >= min && value <= 600_000
    ? []
    : [`GracefulShutdown ${name} must be an integer from ${min} to 600000`];
}
