import { Agent, request } from 'node:http';
import { rawRequest } from '../support/raw-http.js';
import type { Expectation, FuzzRequest } from './server-model.js';

/** What came back for one fuzz request. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The JSON body, or the first SSE event of a stream. */
  readonly body: string;
}

/**
 * Sends fuzz requests to one server: through Node's HTTP client on a keep-alive connection when it
 * can carry them, byte-exact over a fresh socket when it cannot (control characters, bad names).
 */
export class FuzzClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly port: number) {}

  send(req: FuzzRequest): Promise<Answer | null> {
    return req.raw ? this.sendRaw(req) : this.sendHttp(req);
  }

  close(): void {
    this.agent.destroy();
  }

  private sendRaw(req: FuzzRequest): Promise<Answer | null> {
    const lines = [`POST /mcp HTTP/1.1`, `Host: 127.0.0.1:${this.port}`];
    for (const [name, value] of Object.entries(req.headers))
      for (const v of [value].flat()) lines.push(`${name}: ${v}`);
    const body = Buffer.from(req.body, 'utf8');
    lines.push(`Content-Length: ${body.length}`, '', '');
    return rawRequest(
      this.port,
      Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]),
    );
  }

  private sendHttp(req: FuzzRequest): Promise<Answer | null> {
    return new Promise((resolve, reject) => {
      const body = Buffer.from(req.body, 'utf8');
      const headers: Record<string, string | string[]> = {
        ...(req.headers as Record<string, string | string[]>),
      };
      headers['Content-Length'] = String(body.length);
      const r = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/mcp',
          agent: this.agent,
          headers,
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          const sse = String(res.headers['content-type']).startsWith(
            'text/event-stream',
          );
          const done = () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          res.on('data', (d: Buffer) => {
            chunks.push(d);
            if (sse && Buffer.concat(chunks).includes('\n\n')) {
              // A listen stream stays open: its first event is the answer; hang up to end it.
              res.destroy();
              done();
            }
          });
          res.on('end', done);
          res.on('error', () =>
            sse ? undefined : reject(new Error('response aborted')),
          );
        },
      );
      r.on('timeout', () => r.destroy(new Error('no answer within 10 s')));
      r.on('error', reject);
      r.end(body);
    });
  }
}

/**
 * Checks one answer against the model's expectation and the invariants every answer keeps: never
 * a 5xx, always a well-formed JSON-RPC message (or 202 with no body, or an SSE event), the id
 * echoed when it was valid, and error messages that do not reflect unbounded client input.
 * @returns what is wrong, or undefined.
 */
export function checkAnswer(
  expected: Expectation,
  answer: Answer | null,
): string | undefined {
  if (answer === null)
    return 'the server closed the connection without answering';
  if (answer.status >= 500)
    return `5xx: ${answer.status} ${answer.body.slice(0, 300)}`;
  switch (expected.kind) {
    case 'either': {
      const problems = expected.options.map((o) => checkAnswer(o, answer));
      return problems.some((p) => p === undefined)
        ? undefined
        : problems.join(' / or / ');
    }
    case 'accepted':
      return answer.status === 202 && answer.body === ''
        ? undefined
        : `expected 202 with no body, got ${answer.status} ${answer.body.slice(0, 200)}`;
    case 'any':
      if (answer.status === 202)
        return answer.body === '' ? undefined : 'a 202 must have no body';
      break;
    case 'stream': {
      // Split on LF only: JSON text may hold U+2028, which a regex's `.` and `$` treat as a line end.
      const event = answer.body
        .split('\n')
        .find((line) => line.startsWith('data: '));
      const message: { method?: string } | undefined =
        event === undefined ? undefined : JSON.parse(event.slice(6));
      return message?.method === 'notifications/subscriptions/acknowledged'
        ? undefined
        : `expected a listen stream, got ${answer.status} ${answer.body.slice(0, 200)}`;
    }
  }
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/json'))
    return `expected application/json, got ${type} (${answer.status} ${answer.body.slice(0, 200)})`;
  let message: {
    jsonrpc?: unknown;
    id?: unknown;
    result?: Record<string, unknown>;
    error?: { code?: unknown; message?: unknown };
  };
  try {
    message = JSON.parse(answer.body);
  } catch {
    return `body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (message.jsonrpc !== '2.0' || !('id' in message))
    return `not a JSON-RPC response: ${answer.body.slice(0, 200)}`;
  if (expected.kind === 'any') {
    const ok = message.error
      ? typeof message.error.code === 'number' &&
        typeof message.error.message === 'string'
      : typeof message.result === 'object';
    return ok
      ? undefined
      : `neither a JSON-RPC error nor a result: ${answer.body.slice(0, 200)}`;
  }
  if (expected.kind === 'error') {
    const { error } = message;
    if (!error || typeof error.message !== 'string')
      return `expected error ${expected.code}, got ${answer.status} ${answer.body.slice(0, 300)}`;
    if (error.code !== expected.code || answer.status !== expected.status) {
      return `expected ${expected.code}/${expected.status}, got ${String(error.code)}/${answer.status}: ${error.message.slice(0, 200)}`;
    }
    if (error.message.length > 300)
      return `error message reflects ${error.message.length} characters of input`;
    const id =
      expected.id === null ? null : JSON.parse(JSON.stringify(expected.id));
    if (!Object.is(message.id, id) && message.id !== id)
      return `id ${JSON.stringify(message.id)} instead of ${JSON.stringify(id)}`;
    return undefined;
  }
  if (
    answer.status !== 200 ||
    !message.result ||
    typeof message.result !== 'object'
  ) {
    return `expected a result, got ${answer.status} ${answer.body.slice(0, 300)}`;
  }
  return expected.check(message.result);
}
