import type { ServerResponse } from 'node:http';

/**
 * Writes the answer to one POST: a single JSON body, or, once the handler emits a notification and
 * the client accepts it, an SSE stream scoped to this request whose last event is the response
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages).
 * Direct `writeHead`/`end`: no ETag, no framework headers (Express's response path costs more than
 * the MCP work: docs/architecture.md).
 */
export class McpResponder {
  private streaming = false;

  /**
   * @param servedBy the instance answering, sent as `X-Served-By` on every answer: lets a client
   * (and a person) watch the balancer spread the load. Part of `writeHead`, not a `setHeader`.
   */
  constructor(
    private readonly res: ServerResponse,
    readonly acceptsSse: boolean,
    private readonly servedBy: string,
  ) {}

  /**
   * True once the client has gone away: the request counts as cancelled
   * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#cancellation).
   */
  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /**
   * Sends a request-scoped notification (progress, log). Returns false when it cannot be
   * delivered: the client did not accept SSE, or the stream is gone.
   */
  notify(method: string, params: unknown): boolean {
    if (!this.acceptsSse || this.closed) return false;
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache, no-transform',
        // Proxies (nginx, App Service's front end) must not buffer the stream
        // (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages).
        'X-Accel-Buffering': 'no',
        'X-Served-By': this.servedBy,
      });
    }
    this.res.write(
      `data: ${JSON.stringify({ jsonrpc: '2.0', method, params })}\n\n`,
    );
    return true;
  }

  /** Sends the final message: as the last SSE event when streaming, else as one JSON body. */
  send(
    status: number,
    message: object,
    extraHeaders?: Record<string, string>,
  ): void {
    if (this.closed) return;
    const json = JSON.stringify(message);
    if (this.streaming) {
      this.res.end(`data: ${json}\n\n`);
      return;
    }
    // Content-Length instead of chunked encoding: one write, and the client knows the size.
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(json),
      'X-Served-By': this.servedBy,
      ...extraHeaders,
    };
    this.res.writeHead(status, headers);
    this.res.end(json);
  }

  /**
   * Writes an SSE comment line: keeps a long stream alive through idle timeouts
   * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages).
   */
  keepAlive(): void {
    if (this.streaming && !this.closed) this.res.write(': keep-alive\n\n');
  }

  /** Answers without a body (202 for notifications, 405 for GET/DELETE). */
  empty(status: number, headers?: Record<string, string>): void {
    if (this.closed) return;
    this.res.writeHead(status, { 'X-Served-By': this.servedBy, ...headers });
    this.res.end();
  }
}
