import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { LoadToolsModule, WaitForReleaseTool } from './fixtures/load-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';
import { parseResponse, type RawResponse } from './support/raw-http.js';
import { waitFor } from './support/wait-for.js';
import { McpStatus } from '../src/index.js';

/** A whole `tools/call` request as bytes, ready to write to a socket. */
function toolCall(name: string, args: Record<string, unknown>, id: number) {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: args, _meta: modernMeta() },
  });
  const headers = Object.entries({
    ...standardHeaders('tools/call', name),
    Host: '127.0.0.1',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `POST /mcp HTTP/1.1\r\n${headers}\r\n${body}`;
}

/** Connections the in-process server has accepted and not closed. */
const connectionsOf = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );

/**
 * Opens one connection per request, and once the server has accepted them all (libuv accepts one
 * per turn) writes every request at once, so the server reads them in one turn of its event loop,
 * in this order.
 */
async function sendInOneTurn(t: TestServer, requests: string[]) {
  const port = (t.server.address() as AddressInfo).port;
  const before = await connectionsOf(t.server);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const answers = sockets.map(
    (socket) =>
      new Promise<RawResponse | null>((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (d: Buffer) => chunks.push(d));
        socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks))));
      }),
  );
  await waitFor(
    async () => (await connectionsOf(t.server)) >= before + sockets.length,
    { what: 'the server to accept every connection' },
  );
  sockets.forEach((socket, i) => socket.write(requests[i]));
  return Promise.all(answers);
}

/**
 * One turn of nine requests: `tool` (`burn` or `stall`) holding the event loop for 60 ms, then
 * eight echoes, read after it.
 */
const turnLedBy = (t: TestServer, tool: 'burn' | 'stall') =>
  sendInOneTurn(t, [
    toolCall(tool, { ms: 60 }, 1),
    ...Array.from({ length: 8 }, (_, i) =>
      toolCall('echo', { message: `m${i}` }, i + 2),
    ),
  ]);

describe('admission control: what a turn of the event loop cannot take is refused early with a readable 503', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [LoadToolsModule]);
  });
  afterAll(() => t.close());

  it('lets the long turns of a burst pass, then refuses the requests read late in long turns that have gone on for a second (503, Retry-After, a JSON-RPC error with id null)', async () => {
    const longTurn = () => turnLedBy(t, 'burn');
    const started = performance.now();
    // One long turn alone (a burst, a garbage collection) refuses nothing.
    let answers = await longTurn();
    expect(answers.map((a) => a?.status)).toEqual(Array(9).fill(200));
    // Long turns that keep coming are overload once they have lasted a second: from then on, what
    // such a turn reads after 20 ms is refused.
    for (let turns = 1; !answers.some((a) => a?.status === 503); turns++) {
      if (turns > 200) throw new Error('200 long turns refused nothing');
      answers = await longTurn();
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(answers[0]).toMatchObject({ status: 200 });
    expect(answers.every((a) => a?.status === 200 || a?.status === 503)).toBe(
      true,
    );
    const refused = answers.filter((a) => a?.status === 503);
    // The control: the burn made its turn 60 ms long, past the 20 ms the defaults allow.
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer!.headers['retry-after']).toBe('1');
      expect(answer!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(answer!.body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32603,
          message: 'This server is overloaded; retry after 1 s',
          data: {
            retryable: true,
            retryAfterMs: 1000,
            scope: 'instance',
            reason: 'event-loop',
          },
        },
      });
    }
    // Nothing lingers: the next request, in a turn of its own, is served.
    const next = await mcp(t.server, 'tools/call', {
      name: 'echo',
      arguments: { message: 'after' },
    });
    expect(next.status).toBe(200);
    const status = t.app.get(McpStatus).admission();
    expect(status.enabled).toBe(true);
    expect(status.refused['event-loop']).toBe(refused.length);
    expect(status.longestTurnMs).toBeGreaterThanOrEqual(60);
  });
});

describe('admission control: turns made long by waiting for a core are not overload', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [LoadToolsModule]);
  });
  afterAll(() => t.close());

  it('refuses nothing while long turns are the time the process was not running, not its work', async () => {
    // The same turns as above, 60 ms on the wall each, for twice the second that makes burnt
    // ones overload: every request is served.
    const started = performance.now();
    while (performance.now() - started < 2_000) {
      const answers = await turnLedBy(t, 'stall');
      expect(answers.map((a) => a?.status)).toEqual(Array(9).fill(200));
    }
    const status = t.app.get(McpStatus).admission();
    expect(status.refused['event-loop']).toBe(0);
    expect(status.longestTurnMs).toBeGreaterThanOrEqual(60);
  });
});

describe('admission control: the in-flight bound, tasks/* ahead of new calls, health never shed', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_MAX_IN_FLIGHT: '2' }, [LoadToolsModule]);
  });
  afterEach(() => WaitForReleaseTool.releaseAll());
  afterAll(() => t.close());

  it('refuses a new call while MCP_MAX_IN_FLIGHT requests are served, admits tasks/get and /healthz, and serves again once they end', async () => {
    const held = [1, 2].map(() =>
      mcp(t.server, 'tools/call', { name: 'wait_for_release', arguments: {} }),
    );
    // supertest sends on then(): start both, then wait until both are in flight.
    const answers = Promise.all(held.map((r) => r.then((res) => res)));
    await waitFor(() => WaitForReleaseTool.count === 2, {
      what: 'two calls in flight',
    });

    const refused = await mcp(t.server, 'tools/call', {
      name: 'echo',
      arguments: { message: 'x' },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({
      id: null,
      error: {
        code: -32603,
        message: 'This server is serving 2 requests already; retry after 1 s',
        data: { reason: 'in-flight', scope: 'instance', retryable: true },
      },
    });

    // tasks/get gets twice the bound: it is answered (here: not found), not refused.
    const poll = await mcp(t.server, 'tasks/get', { taskId: 'no-such-task' });
    expect(poll.status).not.toBe(503);
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);

    WaitForReleaseTool.releaseAll();
    expect((await answers).map((r) => r.status)).toEqual([200, 200]);
    const after = await mcp(t.server, 'tools/call', {
      name: 'echo',
      arguments: { message: 'y' },
    });
    expect(after.status).toBe(200);
    expect(t.app.get(McpStatus).admission().refused['in-flight']).toBe(1);
  });
});

describe('admission control off (MCP_ADMISSION=0)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_ADMISSION: '0', MCP_MAX_IN_FLIGHT: '1' }, [
      LoadToolsModule,
    ]);
  });
  afterAll(() => t.close());

  it('takes every request, however long its turn or however many are in flight', async () => {
    const held = mcp(t.server, 'tools/call', {
      name: 'wait_for_release',
      arguments: {},
    }).then((res) => res);
    await waitFor(() => WaitForReleaseTool.count === 1, {
      what: 'one call in flight',
    });
    const requests = [
      toolCall('burn', { ms: 60 }, 1),
      toolCall('echo', { message: 'a' }, 2),
      toolCall('echo', { message: 'b' }, 3),
    ];
    for (let round = 0; round < 2; round++) {
      const answers = await sendInOneTurn(t, requests);
      expect(answers.map((a) => a?.status)).toEqual([200, 200, 200]);
    }
    WaitForReleaseTool.releaseAll();
    expect((await held).status).toBe(200);
    expect(t.app.get(McpStatus).admission()).toMatchObject({
      enabled: false,
      refused: { 'in-flight': 0, 'event-loop': 0, heap: 0 },
    });
  });
});

describe('admission settings are checked at boot', () => {
  it('refuses out-of-range values, one line per variable', async () => {
    await expect(
      startApp({ MCP_MAX_IN_FLIGHT: '0', MCP_TURN_BUDGET_MS: 'soon' }),
    ).rejects.toThrow(
      /MCP_MAX_IN_FLIGHT[\s\S]*MCP_TURN_BUDGET_MS|MCP_TURN_BUDGET_MS[\s\S]*MCP_MAX_IN_FLIGHT/,
    );
  });
});
