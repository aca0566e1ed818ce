import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';

/** What Node's HTTP parser (or its timers) refused, and how we answer it. */
const ANSWERS: Readonly<
  Record<string, readonly [status: number, reason: string, message: string]>
> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'Request headers too large',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'Request not received in time',
  ],
};
const MALFORMED = [400, 'Bad Request', 'Malformed HTTP request'] as const;

/**
 * `clientError` listener of the HTTP server: a request Node refused before (or while) handing it
 * to us — bad framing, control characters in headers, oversized headers (431), slow headers or body
 * (408) — gets a JSON-RPC error like every other refusal, instead of Node's bare status line. The
 * connection is closed: after a parse error its framing cannot be trusted.
 */
export function answerClientError(
  err: NodeJS.ErrnoException,
  socket: Duplex,
): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    (err.code && ANSWERS[err.code]) || MALFORMED;
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: null,
    error: { code: JsonRpcErrorCode.InvalidRequest, message },
  });
  // A request already handed to the application owns the socket's response: answer through it when
  // its own body is what broke (truncated, bad chunk), else let it finish and close afterwards.
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse | null })
    ._httpMessage;
  if (pending) {
    pending.shouldKeepAlive = false;
    if (!pending.req.complete && !pending.headersSent) {
      pending.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
      });
      pending.end(body);
    }
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
