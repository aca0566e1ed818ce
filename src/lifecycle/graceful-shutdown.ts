import { type INestApplication, Logger } from '@nestjs/common';
import type { Env } from '../config/env.js';
import { validateEnv } from '../config/validate-env.js';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import { McpEndpoint } from '../protocol/transport/mcp-endpoint.service.js';
import type { McpHttpAdapter } from '../protocol/transport/mcp-http.adapter.js';
import { DrainHooks } from './drain.hooks.js';
import { ShutdownEnvironment } from './shutdown.env.js';

/** Exit code of a shutdown that finished in time, and of one that ran out of time. */
export const EXIT_CLEAN = 0;
export const EXIT_FORCED = 1;

/**
 * Stops a listening application without failing a request it accepted (slot swap, scale-in):
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
 * 6. exit 0 — or, when the whole took longer than `SHUTDOWN_TIMEOUT_MS`, drop what is left and exit 1.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private running?: Promise<number>;

  constructor(
    private readonly app: INestApplication,
    private readonly timeoutMs: number,
    private readonly drainDelayMs: number,
  ) {}

  /** A shutdown for `app`, configured from `env` (`SHUTDOWN_TIMEOUT_MS`, `SHUTDOWN_DRAIN_DELAY_MS`). */
  static for(app: INestApplication, env: Env): GracefulShutdown {
    const config = validateEnv(ShutdownEnvironment, env);
    const drainDelay = Math.min(
      config.SHUTDOWN_DRAIN_DELAY_MS,
      config.SHUTDOWN_TIMEOUT_MS - 1000,
    );
    return new GracefulShutdown(app, config.SHUTDOWN_TIMEOUT_MS, drainDelay);
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
    const adapter = this.app.getHttpAdapter() as McpHttpAdapter;
    this.app.get(ReadinessRegistry).beginShutdown();
    adapter.beginDrain();
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
    adapter.closeAllConnections();
    return EXIT_FORCED;
  }

  private async drain(
    adapter: McpHttpAdapter,
    drainDelayMs: number,
  ): Promise<void> {
    if (drainDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
    const closed = adapter.close();
    await this.app.get(McpEndpoint).whenIdle();
    await this.app.close();
    await closed;
  }
}
