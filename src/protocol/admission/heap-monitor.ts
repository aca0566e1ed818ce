import { getHeapStatistics } from 'node:v8';

/** How often heap use is read, in ms (a heap statistics call costs microseconds). */
const INTERVAL_MS = 100;

/** V8 heap use as a share of its limit, read on a timer so admitting a request reads one number. */
export class HeapMonitor {
  private timer?: NodeJS.Timeout;
  private readonly limit = getHeapStatistics().heap_size_limit;
  /** Share of V8's heap limit in use, 0–1. */
  used = 0;

  /** Starts reading; the timer never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    this.read();
    this.timer = setInterval(() => this.read(), INTERVAL_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private read(): void {
    this.used = getHeapStatistics().used_heap_size / this.limit;
  }
}
