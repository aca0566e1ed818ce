/**
 * Blocks the calling thread for `ms` without using the CPU (`Atomics.wait` on a buffer nobody
 * notifies): an event loop made late by a process the machine leaves waiting for a core (a busy
 * host, a container's CPU quota throttled), not by its own work.
 */
export function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
