import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { activeTelemetry } from './running-telemetry.js';

/** How long shutdown waits for the last spans and metrics to leave; an exporter must not hold it up. */
const FLUSH_TIMEOUT_MS = 5_000;

/**
 * Flushes and stops the telemetry pipeline when the application closes (SIGTERM on a slot swap or
 * scale-in), after everything else has shut down, so the last requests' spans are not lost.
 */
@Injectable()
export class TelemetryShutdownHook implements OnApplicationShutdown {
  private readonly logger = new Logger('Telemetry');

  async onApplicationShutdown(): Promise<void> {
    const running = activeTelemetry();
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), FLUSH_TIMEOUT_MS).unref();
    });
    const outcome = await Promise.race([
      running.shutdown().then(() => 'done' as const),
      timeout,
    ]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout')
      this.logger.warn(`Telemetry flush gave up after ${FLUSH_TIMEOUT_MS} ms`);
  }
}
