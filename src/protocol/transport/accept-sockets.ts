import type { Server } from 'node:http';
import { createServer, type Server as NetServer } from 'node:net';

/**
 * Listens for `server` on several sockets of one port (SO_REUSEPORT), each handing its connections
 * to the HTTP server, so that a flood of new connections is accepted in a fraction of the time.
 *
 * Why: libuv accepts one connection each time the poll reports a listening socket
 * (https://github.com/libuv/libuv/pull/3696), and under a flood one poll round handles up to 1,024
 * busy sockets first; measured here, 2,000 connections opened at once by clients that send at once
 * were accepted at ~50 per second, and a health probe connecting behind them waited seconds. The
 * kernel spreads new connections over the sockets of a reuse-port group
 * (https://man7.org/linux/man-pages/man7/socket.7.html, SO_REUSEPORT), and each is accepted from in
 * every round. Connections are handed over with the `connection` event, as Node documents for
 * injecting connections into an HTTP server
 * (https://nodejs.org/api/http.html#event-connection).
 *
 * Only on Linux and on a fixed port: Node refuses `reusePort` elsewhere, and port 0 would give each
 * socket its own port. Before the group binds, a plain socket checks the port is free, so a second
 * server on the same port still fails with EADDRINUSE instead of sharing connections.
 */
export class AcceptSockets {
  private readonly extra: NetServer[] = [];

  constructor(
    private readonly server: Server,
    private readonly count: number,
  ) {}

  /** Whether `port` gets a group of sockets here. */
  applies(port: number): boolean {
    return this.count > 1 && port !== 0 && process.platform === 'linux';
  }

  /**
   * Binds the group: the HTTP server's own socket first, then `count - 1` more. A bind error is
   * emitted on the HTTP server, as its own `listen` would.
   */
  listen(
    port: number,
    host: string | undefined,
    backlog: number,
    done?: () => void,
  ): void {
    const check = createServer();
    check.once('error', (err) => this.server.emit('error', err));
    check.listen({ port, host, exclusive: true }, () =>
      check.close(() =>
        this.server.listen({ port, host, backlog, reusePort: true }, () => {
          for (let i = 1; i < this.count; i++)
            this.openOne(port, host, backlog);
          done?.();
        }),
      ),
    );
  }

  /** Closes the extra sockets (the HTTP server closes its own). */
  close(): void {
    for (const socket of this.extra.splice(0)) socket.close();
  }

  private openOne(
    port: number,
    host: string | undefined,
    backlog: number,
  ): void {
    const extra = createServer((connection) =>
      this.server.emit('connection', connection),
    );
    // One socket fewer is no failure: the others, the HTTP server's own among them, still accept.
    extra.once('error', () => extra.close());
    extra.listen({ port, host, backlog, reusePort: true });
    this.extra.push(extra);
  }
}
