import { connect } from 'node:net';

/** One HTTP response as read off a raw socket. */
/**
 * Bytes Node's HTTP parser refuses in a header value (controls other than tab, and DEL), built from
 * code points: a literal control character in a regex reads as a slip to linters and people.
 */
export const FORBIDDEN_IN_HEADER = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(10)}-${String.fromCharCode(31)}${String.fromCharCode(127)}]`,
);

export interface RawResponse {
  readonly status: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, de-chunked. */
  readonly body: string;
}

/** Options of `rawRequest`. */
export interface RawRequestOptions {
  /** Give up (and report a hang) after this long without the server closing. Default 10 s. */
  timeoutMs?: number;
  /** Half-close after writing, as a client that sends nothing more would. Default true. */
  halfClose?: boolean;
}

/**
 * Writes `payload` byte-exact to a fresh connection and reads until the server closes it. For what
 * Node's HTTP client refuses to send: control characters and non-Latin-1 text in headers, framing
 * that disagrees with the body, oversized or slow headers.
 * @returns the final (non-1xx) response, or `null` when the server closed without answering.
 * @throws Error when the server neither answers nor closes within the timeout.
 */
export function rawRequest(
  port: number,
  payload: string | Buffer,
  options: RawRequestOptions = {},
): Promise<RawResponse | null> {
  const { timeoutMs = 10_000, halfClose = true } = options;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(payload);
      if (halfClose) socket.end();
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      // A request-scoped SSE stream (subscriptions/listen) stays open: its first event is the answer.
      if (firstEventArrived(Buffer.concat(chunks))) socket.destroy();
    });
    // A reset after the answer (the server closing while we still wrote) still leaves the answer.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (err) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- whatever the parser threw
        reject(err);
      }
    });
  });
}

function firstEventArrived(data: Buffer): boolean {
  const head = data.indexOf('\r\n\r\n');
  if (
    head < 0 ||
    !/content-type: text\/event-stream/i.test(
      data.subarray(0, head).toString('latin1'),
    )
  )
    return false;
  return data.indexOf('\n\n', head + 4) >= 0;
}

/** Parses the first final response in `data`, skipping interim 1xx responses. */
export function parseResponse(data: Buffer): RawResponse | null {
  let rest = data;
  for (;;) {
    if (rest.length === 0) return null;
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0)
      throw new Error(
        `incomplete response head: ${JSON.stringify(rest.toString('latin1').slice(0, 200))}`,
      );
    const [statusLine, ...lines] = rest
      .subarray(0, end)
      .toString('latin1')
      .split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match)
      throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
    const status = Number(match[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] =
        headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    rest = rest.subarray(end + 4);
    if (status >= 100 && status < 200) continue;
    let body: Buffer;
    if (/chunked/i.test(headers['transfer-encoding'] ?? ''))
      body = dechunk(rest);
    else if (headers['content-length'] !== undefined)
      body = rest.subarray(0, Number(headers['content-length']));
    else body = rest;
    return { status, headers, body: body.toString('utf8') };
  }
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
