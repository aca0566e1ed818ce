import { performance } from 'node:perf_hooks';

/** Holds the calling thread for `ms` of CPU, as a CPU-heavy request holds the event loop. */
export function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * Blocks the calling thread for `ms` without using the CPU (`Atomics.wait` on a buffer nobody
 * notifies): an event loop made late by a process the machine leaves waiting for a core (a busy
 * host, a container's CPU quota throttled), not by its own work.
 */
export function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
