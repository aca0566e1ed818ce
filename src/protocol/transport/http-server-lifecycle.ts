import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * How the HTTP server lets go of its connections at shutdown, without resetting a request:
 *
 * - while draining, every response carries `Connection: close`;
 * - `close()` stops accepting without Node's immediate idle sweep, which would also reset
 *   connections accepted a moment ago whose request is already on its way; idle ones are swept
 *   after a short grace, busy ones close after their response. Connections that never sent a
 *   byte (clients' spare connections) count as idle, though Node's own sweep skips them.
 */
export class HttpServerLifecycle {
  private draining = false;
  private closing?: Promise<void>;
  private readonly sockets = new Set<Socket>();

  /**
   * @param graceMs how long after it stops accepting the server lets just-accepted connections
   *   deliver their request before idle connections are closed.
   */
  constructor(
    private readonly server: Server,
    private readonly graceMs = 250,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Call first in the request listener: while draining, the response will close its connection. */
  onRequest(res: ServerResponse): void {
    if (this.draining) res.setHeader('Connection', 'close');
  }

  /** From now on every response carries `Connection: close`. */
  beginDrain(): void {
    this.draining = true;
  }

  /** Stops accepting and resolves once every connection has closed. Idempotent. */
  close(): Promise<void> {
    this.draining = true;
    this.closing ??= new Promise<void>((resolve) => {
      let sweep: NodeJS.Timeout | undefined;
      const grace = setTimeout(() => {
        this.closeIdle();
        sweep = setInterval(() => this.closeIdle(), 50);
      }, this.graceMs);
      // net.Server's close, not http.Server's: the latter first resets every connection that is
      // not mid-request, including ones accepted a moment ago whose request has not been read yet.
      NetServer.prototype.close.call(this.server, () => {
        clearTimeout(grace);
        clearInterval(sweep);
        resolve();
      });
    });
    return this.closing;
  }

  private closeIdle(): void {
    this.server.closeIdleConnections();
    for (const socket of this.sockets)
      if (socket.bytesRead === 0) socket.destroy();
  }

  /** Drops every connection, busy or not. */
  closeAllConnections(): void {
    this.server.closeAllConnections();
  }
}
