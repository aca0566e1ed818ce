import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { rawRequest } from '../support/raw-http.js';
import {
  startServerProcess,
  type ServerProcess,
} from '../support/server-process.js';
import {
  framingRequest,
  pipelineRequest,
  sizeRequest,
  type ToolShape,
} from './fuzz-arbitraries.js';
import { type Answer, checkAnswer, FuzzClient } from './fuzz-client.js';
import {
  type Expectation,
  type FuzzRequest,
  modelTools,
  ServerModel,
} from './server-model.js';

/**
 * Property-based fuzzing of `POST /mcp` through real HTTP against a real server process.
 * `FUZZ_RUNS` sets the number of generated requests (default 10000, split across the properties);
 * `FUZZ_SEED` replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED =
  process.env.FUZZ_SEED === undefined
    ? undefined
    : Number(process.env.FUZZ_SEED);
const MAX_BODY = 64 * 1024;
const MAX_DEPTH = 64;
const MAX_HEADER = 16 * 1024;
/** Per-test timeout: generous for this 2-core box (about 1 ms per request is typical). */
const TIMEOUT = 60_000 + RUNS * 20;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

describe(`fuzzing POST /mcp (${RUNS} generated requests through real HTTP)`, () => {
  let server: ServerProcess;
  let client: FuzzClient;
  let model: ServerModel;
  let shapes: ToolShape[];
  let baseline: NodeJS.MemoryUsage;
  const tally = { sent: 0, fiveXX: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    server = await startServerProcess(
      {
        MCP_MAX_BODY_BYTES: String(MAX_BODY),
        MCP_MAX_JSON_DEPTH: String(MAX_DEPTH),
        HTTP_MAX_HEADER_BYTES: String(MAX_HEADER),
      },
      { entry: 'harness' },
    );
    client = new FuzzClient(server.port);
    const list = await client.send({
      headers: {
        'Content-Type': 'application/json',
        'MCP-Protocol-Version': '2026-07-28',
        'Mcp-Method': 'tools/list',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/list',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    const tools = JSON.parse(list!.body).result.tools as {
      name: string;
      inputSchema: { properties?: ToolShape['properties'] };
    }[];
    shapes = tools.map((t) => ({
      name: t.name,
      properties: t.inputSchema.properties ?? {},
    }));
    model = new ServerModel(modelTools(tools as never), MAX_BODY, MAX_DEPTH);
    // Warm up (JIT, pools, lazily created buffers) before the memory baseline.
    for (const req of fc.sample(pipelineRequest(shapes), {
      numRuns: 300,
      seed: 1,
    }))
      await client.send(req);
    baseline = await server.memory();
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  /** Sends one request, records its status and fails the property on any broken invariant. */
  async function exchange(
    label: string,
    req: FuzzRequest | (() => Promise<Answer | null>),
    expected: Expectation,
  ) {
    const answer =
      typeof req === 'function' ? await req() : await client.send(req);
    tally.sent++;
    if (answer)
      tally.byStatus.set(
        answer.status,
        (tally.byStatus.get(answer.status) ?? 0) + 1,
      );
    if (answer && answer.status >= 500) tally.fiveXX++;
    const problem = checkAnswer(expected, answer);
    if (problem)
      throw new Error(
        `${label}: ${problem}${typeof req === 'function' ? '' : `\nrequest: ${JSON.stringify(req).slice(0, 1500)}`}`,
      );
  }

  const params = (share: number) => ({
    numRuns: Math.max(1, Math.round(RUNS * share)),
    seed: SEED,
    endOnFailure: false,
  });

  it(
    'answers every generated request per the model: envelope, _meta, headers, names, arguments, cursors, methods',
    async () => {
      await fc.assert(
        fc.asyncProperty(pipelineRequest(shapes), async (req) => {
          let expected = model.expect(req);
          // Node's parser refuses control characters and non-token names before we see them: 400.
          const refusable = Object.entries(req.headers).some(
            ([n, v]) =>
              !TOKEN.test(n) ||
              [v].flat().some((x) => /[\x00-\x08\x0a-\x1f\x7f]/.test(x)),
          );
          if (req.raw && refusable)
            expected = {
              kind: 'either',
              options: [
                expected,
                { kind: 'error', code: -32600, status: 400, id: null },
              ],
            };
          await exchange('pipeline', req, expected);
        }),
        params(0.75),
      );
    },
    TIMEOUT,
  );

  it(
    'holds the body size and nesting limits wherever the bulk sits',
    async () => {
      await fc.assert(
        fc.asyncProperty(sizeRequest(MAX_BODY, MAX_DEPTH), async (req) => {
          await exchange('size', req, model.expect(req));
        }),
        params(0.1),
      );
    },
    TIMEOUT,
  );

  it(
    'answers malformed HTTP framing with a JSON-RPC error, never a hang or a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(framingRequest(MAX_HEADER), async (c) => {
          const bytes = Buffer.concat([
            Buffer.from(
              c.head.replace('HOST', `127.0.0.1:${server.port}`),
              'latin1',
            ),
            c.body,
          ]);
          const expected: Expectation =
            c.expect === 'model'
              ? model.expect({
                  headers: {
                    'MCP-Protocol-Version': '2026-07-28',
                    'Mcp-Method': 'tools/call',
                    'Mcp-Name': 'echo',
                  },
                  body: c.modelBody,
                })
              : c.expect === 'malformed'
                ? { kind: 'error', code: -32600, status: 400, id: null }
                : c.expect === 'header-too-large'
                  ? { kind: 'error', code: -32600, status: 431, id: null }
                  : c.expect === 'forbidden'
                    ? { kind: 'error', code: -32600, status: 403, id: null }
                    : { kind: 'any' };
          await exchange(
            c.label,
            () => rawRequest(server.port, bytes),
            expected,
          );
        }),
        params(0.15),
      );
    },
    TIMEOUT,
  );

  it('is still up, never answered 5xx, logged no unexpected error and kept its memory bounded', async () => {
    const after = await server.memory();
    const growth = {
      heapMB: (after.heapUsed - baseline.heapUsed) / 2 ** 20,
      rssMB: (after.rss - baseline.rss) / 2 ** 20,
    };
    const summary = {
      sent: tally.sent,
      fiveXX: tally.fiveXX,
      statuses: Object.fromEntries(tally.byStatus),
      growth,
    };
    process.stdout.write(`fuzz summary: ${JSON.stringify(summary)}\n`);
    expect(server.child.exitCode).toBeNull();
    expect(tally.sent).toBeGreaterThanOrEqual(RUNS * 0.99);
    expect(tally.fiveXX).toBe(0);
    expect(server.output()).not.toMatch(/ERROR/);
    // Generous: a leak of even a few hundred bytes per request would show at these counts.
    expect(growth.heapMB).toBeLessThan(32);
    expect(growth.rssMB).toBeLessThan(160);
    const health = await client.send({
      headers: {
        'Content-Type': 'application/json',
        'MCP-Protocol-Version': '2026-07-28',
        'Mcp-Method': 'server/discover',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 'after',
        method: 'server/discover',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    expect(health?.status).toBe(200);
  });
});
