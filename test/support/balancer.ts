import { Agent, request } from 'node:http';
import { modernMeta, standardHeaders } from './mcp-request.js';

/** One answered request. */
export interface BalancedAnswer {
  /** Index of the instance that answered. */
  readonly target: number;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON-RPC message. */
  readonly message: {
    id?: unknown;
    result?: any;
    error?: { code: number; message: string };
  };
  /** Attempts that were not accepted (refused, or a stale keep-alive socket) before this one. */
  readonly retries: number;
}

/**
 * The request never reached the server's application: the connection was refused, or a reused
 * keep-alive socket was closed by the server before any response byte (the race every HTTP client
 * retries: Node's `req.reusedSocket`). Safe to send again, to another instance.
 */
export class NotAcceptedError extends Error {
  override readonly name = 'NotAcceptedError';

  constructor(
    message: string,
    /** The connection was refused (rather than a stale keep-alive socket closed). */
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/** Options of `Balancer.send`. */
export interface SendOptions {
  /**
   * Called once the instance has taken the request: the request goes with `Expect: 100-continue`,
   * which Node's server answers (`100 Continue`) as it hands the parsed request to the application
   * (https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1). From then on it is in flight there.
   */
  readonly onAccepted?: () => void;
}

let nextId = 1;

/**
 * A client-side round-robin balancer over several server processes, with keep-alive connection
 * pools like a real front end. It retries on another instance only what was provably not accepted
 * (`NotAcceptedError`); any other failure — a reset after the request was taken, a 5xx, a
 * truncated answer — is the caller's to count. Like App Service's front end, which stops routing
 * to an instance it is about to stop, it takes an instance out of rotation once that instance
 * answers `Connection: close` (draining) or refuses a connection (gone).
 */
export class Balancer {
  private readonly agents: Agent[];
  private turn = 0;
  private readonly out = new Set<number>();

  constructor(private readonly ports: readonly number[]) {
    this.agents = ports.map(
      () => new Agent({ keepAlive: true, maxSockets: 16 }),
    );
  }

  /** Sends one MCP request round-robin, moving on to the next instance when one does not accept it. */
  async call(
    method: string,
    params: Record<string, unknown> = {},
  ): Promise<BalancedAnswer> {
    for (let retries = 0; retries < this.ports.length * 4; retries++) {
      let target = this.turn++ % this.ports.length;
      for (let i = 0; i < this.ports.length && this.out.has(target); i++)
        target = this.turn++ % this.ports.length;
      try {
        const answer = await this.send(target, method, params);
        if (answer.headers.connection === 'close') this.out.add(target);
        return { ...answer, retries };
      } catch (err) {
        if (!(err instanceof NotAcceptedError)) throw err;
        if (err.refused) this.out.add(target);
      }
    }
    throw new Error(`no instance accepted ${method}`);
  }

  /** Sends one MCP request to one instance, without retrying. */
  async send(
    target: number,
    method: string,
    params: Record<string, unknown> = {},
    options: SendOptions = {},
  ): Promise<Omit<BalancedAnswer, 'retries'>> {
    const name = (params.name ?? params.uri) as string | undefined;
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: nextId++,
      method,
      params: { ...params, _meta: modernMeta() },
    });
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = request(
        {
          host: '127.0.0.1',
          port: this.ports[target],
          method: 'POST',
          path: '/mcp',
          agent: this.agents[target],
          headers: {
            ...standardHeaders(method, name),
            'Content-Length': Buffer.byteLength(body),
            ...(options.onAccepted ? { Expect: '100-continue' } : {}),
          },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('error', (err) =>
            reject(
              new Error(
                `answer from instance ${target} cut off: ${err.message}`,
              ),
            ),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({
                target,
                status: res.statusCode!,
                headers: res.headers,
                message: JSON.parse(text),
              });
            } catch {
              reject(
                new Error(
                  `instance ${target} answered ${res.statusCode} with a broken body: ${text.slice(0, 200)}`,
                ),
              );
            }
          });
        },
      );
      if (options.onAccepted) req.once('continue', options.onAccepted);
      req.on('error', (err: NodeJS.ErrnoException) => {
        const refused = err.code === 'ECONNREFUSED';
        const stale =
          req.reusedSocket &&
          !answered &&
          (err.code === 'ECONNRESET' || err.message === 'socket hang up');
        if (refused || stale)
          reject(
            new NotAcceptedError(
              `${err.code ?? err.message} on instance ${target}`,
              refused,
            ),
          );
        else
          reject(
            new Error(
              `request to instance ${target} failed after it was sent: ${err.code ?? err.message}`,
            ),
          );
      });
      req.end(body);
    });
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
  }
}
