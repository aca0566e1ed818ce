import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvInt } from './config/index.js';
import type { HttpServerLimits } from './index.js';

/** Where and how the HTTP server listens. */
export class ServerEnvironment {
  @EnvInt() @IsInt() @Min(0) @Max(65535) PORT = 8000;

  @IsOptional() @IsString() HOST = '0.0.0.0';

  /**
   * `production` (also implied on any App Service instance): settings marked
   * `@RequiredInProduction` must be set, or the server refuses to start (`isProduction`).
   */
  @IsOptional() @IsString() NODE_ENV?: string;

  /**
   * Idle keep-alive in ms. Longer than any balancer in front (App Service's front end: ~230 s;
   * nginx: 60 s), or the balancer reuses a socket we just closed and its request fails (the
   * keep-alive race: the balancer sees a connection reset).
   */
  @EnvInt() @IsInt() @Min(1000) HTTP_KEEP_ALIVE_TIMEOUT_MS = 245_000;

  /** Largest request head (request line + headers) in bytes; larger → 431 (Node's default, 16 KiB). */
  @EnvInt() @IsInt() @Min(1024) @Max(1024 * 1024) HTTP_MAX_HEADER_BYTES =
    16 * 1024;

  /**
   * Time to receive a request's headers (slow-loris protection), then 408. Node ≥ 18 starts this
   * clock at the request's first byte, so it does not cut idle keep-alive connections short.
   */
  @EnvInt() @IsInt() @Min(1000) HTTP_HEADERS_TIMEOUT_MS = 20_000;

  /** Time to receive a whole request, body included (slow bodies), then 408. */
  @EnvInt() @IsInt() @Min(1000) HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /**
   * Completed connections the kernel holds until the server accepts them (Node's default: 511),
   * capped by `net.core.somaxconn`. A flood must not push a health probe out of the queue.
   */
  @EnvInt() @IsInt() @Min(1) @Max(65535) HTTP_LISTEN_BACKLOG = 2048;

  /**
   * Sockets accepting connections on the port (SO_REUSEPORT; Linux and a fixed port only), so a
   * flood of new connections is accepted quickly and a health probe is not stuck behind it.
   * 1 = one socket.
   */
  @EnvInt() @IsInt() @Min(1) @Max(256) HTTP_ACCEPT_SOCKETS = 256;

  /** The limits handed to the HTTP server. */
  get limits(): HttpServerLimits {
    return {
      maxHeaderBytes: this.HTTP_MAX_HEADER_BYTES,
      headersTimeoutMs: Math.min(
        this.HTTP_HEADERS_TIMEOUT_MS,
        this.HTTP_REQUEST_TIMEOUT_MS,
      ),
      requestTimeoutMs: this.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: this.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      listenBacklog: this.HTTP_LISTEN_BACKLOG,
      acceptSockets: this.HTTP_ACCEPT_SOCKETS,
    };
  }
}
