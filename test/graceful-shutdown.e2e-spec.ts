import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { connect } from 'node:net';
import { Balancer, type BalancedAnswer } from './support/balancer.js';
import { modernMeta, standardHeaders } from './support/mcp-request.js';
import {
  startDeployment,
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';
import { waitFor } from './support/wait-for.js';

const TIMEOUT_MS = 10_000;
const DRAIN_MS = 1_000;
/** compute_primes limit that keeps a worker busy for a few hundred ms here. */
const LONG = 20_000_000;
const PRIMES_BELOW_LONG = 1_270_607;
/** What the server logs once it has begun shutting down (not ready, answering `Connection: close`). */
const SHUTTING_DOWN = /Shutting down: not ready/;

/**
 * Sends `count` compute_primes calls of `limit` to one instance. `accepted` resolves once the
 * instance has taken every one of them (they are in flight there), or rejects if one failed first.
 */
function sendLong(
  balancer: Balancer,
  target: number,
  count: number,
  limit: number,
) {
  const calls = Array.from({ length: count }, () => {
    let onAccepted!: () => void;
    const taken = new Promise<void>((resolve) => (onAccepted = resolve));
    const answer = balancer.send(
      target,
      'tools/call',
      { name: 'compute_primes', arguments: { limit } },
      { onAccepted },
    );
    return { answer, taken: Promise.race([taken, answer.then(() => {})]) };
  });
  return {
    answers: calls.map((c) => c.answer),
    accepted: Promise.all(calls.map((c) => c.taken)),
  };
}

/**
 * A request whose body never finishes arriving: in flight on the server for as long as the test
 * holds it. Resolves once the server has taken it (it answered `100 Continue`); `closed` then
 * resolves with everything the server sent by the time it closed the connection.
 */
function stalledRequest(port: number): Promise<{ closed: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => resolve(received)),
  );
  const head = Object.entries(standardHeaders('tools/list'))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(
    `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${head}Expect: 100-continue\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":`,
  );
  return new Promise((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      if (received.startsWith('HTTP/1.1 100 ')) resolve({ closed });
    });
    void closed.then(() =>
      reject(new Error(`closed before it was taken: ${received}`)),
    );
  });
}

interface Outcome {
  readonly kind: string;
  readonly startedAt: number;
  readonly answer: BalancedAnswer;
}

/** Opens `subscriptions/listen` on one instance and collects its SSE messages until the stream ends. */
function listen(
  port: number,
): Promise<{ messages: any[]; completed: boolean }> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 'listen-1',
    method: 'subscriptions/listen',
    params: { notifications: { toolsListChanged: true }, _meta: modernMeta() },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/mcp',
        headers: standardHeaders('subscriptions/listen'),
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        const done = (completed: boolean) => () => {
          const messages = [...text.matchAll(/^data: (.*)$/gm)].map((m) =>
            JSON.parse(m[1]),
          );
          resolve({ messages, completed });
        };
        res.on('end', done(true));
        res.on('error', done(false));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Three real server processes (`node dist/main.js`) behind a client-side round-robin balancer
 * under concurrent load; one gets SIGTERM mid-load, as in a slot swap or scale-in. A request the
 * stopped instance accepted must be answered; what it did not accept (refused connection, stale
 * keep-alive socket) goes to another instance, as a balancer would send it.
 */
describe('graceful shutdown under load (3 instances, SIGTERM one)', () => {
  let servers: ServerProcess[];
  let balancer: Balancer;

  beforeAll(async () => {
    servers = await startDeployment({
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
      SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_MS),
      COMPUTE_PRIMES_MAX: String(LONG),
      PRIMES_WORKERS: '2',
    });
    balancer = new Balancer(servers.map((s) => s.port));
  });

  afterAll(async () => {
    balancer?.close();
    await Promise.all((servers ?? []).map((s) => s.stop()));
  });

  it('answers every accepted request, ends listen streams with a result, exits 0 in time, and the rest carry on', async () => {
    const victim = 1;
    const outcomes: Outcome[] = [];
    const failures: string[] = [];
    let stop = false;
    const calls: [string, string, Record<string, unknown>][] = [
      ['whoami', 'tools/call', { name: 'whoami', arguments: {} }],
      [
        'primes',
        'tools/call',
        { name: 'compute_primes', arguments: { limit: 20_000 } },
      ],
      ['list', 'tools/list', {}],
    ];
    const worker = async (w: number) => {
      for (let i = w; !stop; i++) {
        const [kind, method, params] = calls[i % calls.length];
        const startedAt = Date.now();
        try {
          outcomes.push({
            kind,
            startedAt,
            answer: await balancer.call(method, params),
          });
        } catch (err) {
          failures.push(`${kind}: ${(err as Error).message}`);
        }
      }
    };
    const stream = listen(servers[victim].port);
    const load = Array.from({ length: 8 }, (_, w) => worker(w));
    let long: Promise<Omit<BalancedAnswer, 'retries'>>[];
    let signalledAt: number;
    let drainingSeenAt: number;
    let exitedAt: number;
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    let readiness: { ready: number; body: unknown; live: number } | undefined;
    try {
      // The load is under way: every instance has answered a few calls.
      await waitFor(
        () =>
          servers.every(
            (_, i) => outcomes.filter((o) => o.answer.target === i).length >= 3,
          ),
        {
          what: 'every instance to answer 3 calls of the load',
          timeoutMs: 30_000,
        },
      );
      // Long requests on the victim, in flight (running and queued for its 2 workers) at SIGTERM.
      const sent = sendLong(balancer, victim, 3, LONG);
      long = sent.answers;
      await sent.accepted;
      signalledAt = Date.now();
      servers[victim].child.kill('SIGTERM');
      // During the drain delay: not ready (the balancer's cue), still alive, still serving.
      await waitFor(() => SHUTTING_DOWN.test(servers[victim].output()), {
        what: 'the victim to log that it is shutting down',
      });
      drainingSeenAt = Date.now();
      const [ready, live] = await Promise.all([
        fetch(`${servers[victim].baseUrl}/readyz`),
        fetch(`${servers[victim].baseUrl}/healthz`),
      ]);
      readiness = {
        ready: ready.status,
        body: await ready.json(),
        live: live.status,
      };
      const noExit = setTimeout(
        () => servers[victim].child.kill('SIGKILL'),
        TIMEOUT_MS + 10_000,
      );
      exit = await servers[victim].exited;
      clearTimeout(noExit);
      exitedAt = Date.now();
      // The other two carry the load on.
      await waitFor(
        () => outcomes.filter((o) => o.startedAt > exitedAt).length >= 6,
        { what: '6 calls started after the victim exited to be answered' },
      );
    } finally {
      stop = true;
      await Promise.all(load);
    }

    const byVictimAfterSignal = outcomes.filter(
      (o) => o.answer.target === victim && o.startedAt >= signalledAt,
    );
    const startedAfterExit = outcomes.filter((o) => o.startedAt > exitedAt);
    const summary = {
      requests: outcomes.length,
      failed: failures.length,
      retried: outcomes.filter((o) => o.answer.retries > 0).length,
      servedByVictimWhileDraining: byVictimAfterSignal.length,
      startedAfterExit: startedAfterExit.length,
      shutdownMs: exitedAt - signalledAt,
    };
    process.stdout.write(`graceful shutdown: ${JSON.stringify(summary)}\n`);

    // Zero failed in-flight requests: everything sent got a successful answer.
    expect(failures).toEqual([]);
    for (const { answer } of outcomes) {
      expect(answer.status).toBe(200);
      expect(answer.message.result).toBeDefined();
      expect(answer.message.result.isError).toBeUndefined();
    }
    // The long computations the victim had accepted were finished, not dropped.
    for (const answer of await Promise.all(long)) {
      expect(answer.status).toBe(200);
      expect(answer.message.result.structuredContent).toMatchObject({
        prime_count: PRIMES_BELOW_LONG,
        instance_id: 'instance-b',
      });
    }
    // It kept serving through the drain delay, telling clients to reconnect elsewhere (requests
    // that reached it before it handled the signal may still say keep-alive; none sent after it
    // said it was shutting down does)...
    expect(
      byVictimAfterSignal.some((o) => o.answer.headers.connection === 'close'),
    ).toBe(true);
    for (const o of byVictimAfterSignal.filter(
      (o) => o.startedAt > drainingSeenAt,
    )) {
      expect(o.answer.headers.connection).toBe('close');
    }
    // ...ended its listen stream with the complete result
    // (https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/subscriptions#graceful-closure)
    // rather than dropping it...
    const { messages, completed } = await stream;
    expect(completed).toBe(true);
    expect(messages.at(-1)).toMatchObject({
      id: 'listen-1',
      result: {
        resultType: 'complete',
        _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' },
      },
    });
    expect(readiness).toEqual({
      ready: 503,
      body: expect.objectContaining({ failing: ['shutting-down'] }),
      live: 200,
    });
    // ...and exited cleanly within the bound.
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitedAt - signalledAt).toBeLessThan(TIMEOUT_MS);
    expect(servers[victim].output()).toMatch(/Shut down cleanly/);
    // The other two took over.
    expect(startedAfterExit.length).toBeGreaterThan(0);
    for (const o of startedAfterExit) expect(o.answer.target).not.toBe(victim);
  }, 60_000);
});

describe('shutdown that runs out of time', () => {
  it('drops what is still running once SHUTDOWN_TIMEOUT_MS has passed, and exits 1', async () => {
    const server = await startServerProcess({
      SHUTDOWN_TIMEOUT_MS: '1500',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      COMPUTE_PRIMES_MAX: '100000000',
      PRIMES_WORKERS: '1',
    });
    const balancer = new Balancer([server.port]);
    try {
      // Work queued on one worker, and a request whose body is still arriving (the test never sends
      // the rest): more than the shutdown may wait for, however fast the machine counts.
      const sent = sendLong(balancer, 0, 4, 100_000_000);
      const work = sent.answers.map((answer) =>
        answer.catch((err: Error) => err),
      );
      const stalled = await stalledRequest(server.port);
      await sent.accepted;
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      expect(exit.code).toBe(1);
      expect(Date.now() - signalledAt).toBeLessThan(1500 + 2_000);
      expect(server.output()).toMatch(/ran out of time/);
      // The requests cut off get a broken connection, never a made-up answer.
      for (const outcome of await Promise.all(work)) {
        if (!(outcome instanceof Error))
          expect(outcome.message.result.structuredContent.prime_count).toBe(
            5_761_455,
          );
      }
      expect(await stalled.closed).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    } finally {
      balancer.close();
      await server.stop();
    }
  }, 30_000);
});
