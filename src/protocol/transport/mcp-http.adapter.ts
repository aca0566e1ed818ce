import { ExpressAdapter } from '@nestjs/platform-express';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { MCP_PATH } from '../protocol.constants.js';
import { AcceptSockets } from './accept-sockets.js';
import { answerClientError } from './client-error.js';
import { HttpServerLifecycle } from './http-server-lifecycle.js';

const MCP_QUERY = `${MCP_PATH}?`;

/** Limits of the Node HTTP server itself, applied before any request reaches Nest or `/mcp`. */
export interface HttpServerLimits {
  /** Largest request head (request line + headers) in bytes; larger → 431. */
  readonly maxHeaderBytes: number;
  /** Time allowed to receive the request head (slow-loris protection); then 408. */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive the whole request, body included; then 408. */
  readonly requestTimeoutMs: number;
  /** Idle time before a keep-alive connection is closed. */
  readonly keepAliveTimeoutMs: number;
  /**
   * Connections the kernel may hold completed but not yet accepted. Under a flood, while a turn of
   * the event loop runs, new connections (a health probe's among them) wait there; past it the
   * kernel drops them. Capped by the kernel's `net.core.somaxconn`.
   */
  readonly listenBacklog: number;
  /**
   * Sockets listening on the port (SO_REUSEPORT, Linux, fixed ports only): each is accepted from in
   * every poll round, so a flood of new connections, a health probe's among them, is accepted
   * quickly (`AcceptSockets`). 1 = the server's own socket only.
   */
  readonly acceptSockets: number;
}

/**
 * The defaults of `HttpServerLimits`: Node's header size, a 20 s head and 30 s request timeout, and
 * a keep-alive longer than any balancer in front (App Service's front end: ~230 s), or the balancer
 * reuses a socket the server just closed and its request fails.
 */
export const DEFAULT_HTTP_LIMITS: HttpServerLimits = Object.freeze({
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 245_000,
  listenBacklog: 2048,
  acceptSockets: 256,
});

/**
 * Express adapter whose HTTP server hands `/mcp` to the MCP endpoint before Express sees it.
 * Express's request setup, router and `res.json` (ETag hashing) cost 3–5× the whole MCP work
 * (docs/architecture.md); everything else (status page, health) stays on Express and Nest.
 * The server is created here, with its limits, because Node reads some of them only at creation.
 */
export class McpHttpAdapter extends ExpressAdapter {
  private mcpListener?: RequestListener;
  private lifecycle?: HttpServerLifecycle;
  private acceptors?: AcceptSockets;

  private readonly limits: HttpServerLimits;

  /**
   * @param limits the server's limits; those left out take the defaults (16 KiB of head, 20 s to
   *   receive it, 30 s for the whole request, 245 s of keep-alive, a backlog of 2048 on 256
   *   accepting sockets). The head
   *   timeout is capped at the request timeout (Node refuses a longer one).
   */
  constructor(limits: Partial<HttpServerLimits> = {}) {
    super();
    const merged = { ...DEFAULT_HTTP_LIMITS, ...limits };
    this.limits = {
      ...merged,
      headersTimeoutMs: Math.min(
        merged.headersTimeoutMs,
        merged.requestTimeoutMs,
      ),
    };
  }

  /** Routes the MCP path to `listener`; until then it goes to Express (404). */
  useMcpListener(listener: RequestListener): void {
    this.mcpListener = listener;
  }

  /**
   * From now on every response carries `Connection: close`: clients and balancers that still send
   * requests here are served, then open their next connection elsewhere.
   */
  beginDrain(): void {
    this.lifecycle?.beginDrain();
  }

  /**
   * Stops accepting connections and resolves once every open one has closed: idle ones shortly,
   * busy ones after their response. Idempotent; Nest calls it when the application closes.
   */
  override close(): Promise<void> {
    this.acceptors?.close();
    return this.lifecycle?.close() ?? Promise.resolve();
  }

  /**
   * Listens with the configured backlog (Node's default is 511), called the way Nest's
   * `app.listen(port, host?)` calls every adapter.
   */
  override listen(port: string | number, callback?: () => void): Server;
  override listen(
    port: string | number,
    hostname: string,
    callback?: () => void,
  ): Server;
  override listen(
    port: string | number,
    hostOrCallback?: string | (() => void),
    callback?: () => void,
  ): Server {
    const host =
      typeof hostOrCallback === 'string' ? hostOrCallback : undefined;
    const done =
      typeof hostOrCallback === 'function' ? hostOrCallback : callback;
    const backlog = this.limits.listenBacklog;
    const server = this.getHttpServer() as Server;
    // A numeric string is a port; any other string is a socket path (as `server.listen` reads it).
    if (!/^\d+$/.test(String(port)))
      return server.listen({ path: String(port), backlog }, done);
    this.acceptors = new AcceptSockets(server, this.limits.acceptSockets);
    if (this.acceptors.applies(Number(port)))
      this.acceptors.listen(Number(port), host, backlog, done);
    else server.listen({ port: Number(port), host, backlog }, done);
    return server;
  }

  /** Drops every connection, busy or not: the last step of a shutdown that ran out of time. */
  closeAllConnections(): void {
    this.lifecycle?.closeAllConnections();
  }

  override initHttpServer(): void {
    const express = this.getInstance<RequestListener>();
    const {
      maxHeaderBytes,
      headersTimeoutMs,
      requestTimeoutMs,
      keepAliveTimeoutMs,
    } = this.limits;
    const server = createServer(
      {
        maxHeaderSize: maxHeaderBytes,
        headersTimeout: headersTimeoutMs,
        requestTimeout: requestTimeoutMs,
        // How often the two timeouts above are enforced (they also close connections that never
        // send a byte): Node's default, 30 s, would let a slow client hold its socket that long past them.
        connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
        // A missing Host is refused by the endpoint with a JSON-RPC error, not by Node with a bare 400.
        requireHostHeader: false,
      },
      (req: IncomingMessage, res: ServerResponse) => {
        lifecycle.onRequest(res);
        const url = req.url ?? '';
        const isMcp = url === MCP_PATH || url.startsWith(MCP_QUERY);
        if (isMcp && this.mcpListener) this.mcpListener(req, res);
        else express(req, res);
      },
    );
    server.keepAliveTimeout = keepAliveTimeoutMs;
    server.on('clientError', answerClientError);
    const lifecycle = new HttpServerLifecycle(server);
    this.lifecycle = lifecycle;
    this.setHttpServer(server);
  }
}
