import type { Socket } from 'node:net';

/** The part of a socket's libuv stream handle that reading depends on (Node's `net` internals). */
interface StreamHandle {
  reading?: boolean;
  readStop(): number;
  readStart(): number;
}

/*
 * Node's HTTP server parses a connection straight from its libuv handle, so the public
 * `socket.pause()` does not keep it from reading more requests in the same turn: reading the body
 * of a request resumes the socket again (measured: a paused socket was read again and again within
 * one poll phase). What holds is stopping the handle's reads while its `reading` flag stays set:
 * Node restarts reads only on a handle whose flag says it stopped (`onSocketResume` in
 * lib/_http_server.js), and clears the flag itself when it stops one for backpressure, which this
 * then leaves alone. This file is the one place that touches the handle; socket-reads.spec.ts pins
 * the behaviour on the Node the suite runs on. Without such a handle both functions do nothing.
 */

function handleOf(socket: Socket): StreamHandle | undefined {
  const handle = (socket as unknown as { _handle?: Partial<StreamHandle> })
    ._handle;
  return typeof handle?.readStop === 'function' &&
    typeof handle.readStart === 'function'
    ? (handle as StreamHandle)
    : undefined;
}

/**
 * Stops reading `socket` until `startReading`: its descriptor leaves the poll set, and whatever the
 * client sends waits in the kernel. False when it cannot: no handle, or Node holds it back already.
 */
export function stopReading(socket: Socket): boolean {
  const handle = handleOf(socket);
  if (!handle || handle.reading !== true || socket.destroyed) return false;
  handle.readStop();
  return true;
}

/** Reads `socket` again after `stopReading`, unless Node has stopped it itself meanwhile. */
export function startReading(socket: Socket): void {
  const handle = handleOf(socket);
  if (handle?.reading === true && !socket.destroyed) handle.readStart();
}
