import { afterAll, beforeAll, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { rawRequest, FORBIDDEN_IN_HEADER } from '../support/raw-http.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from '../support/redis.js';
import {
  startServerProcess,
  type ServerProcess,
} from '../support/server-process.js';
import {
  forgedHandle,
  framingRequest,
  pipelineRequest,
  sizeRequest,
  type Surface,
} from './fuzz-arbitraries.js';
import { type Answer, checkAnswer, FuzzClient } from './fuzz-client.js';
import {
  type Expectation,
  type FuzzRequest,
  modelTools,
  ServerModel,
} from './server-model.js';
import { requireTool } from '../support/system-tools.js';

/**
 * Property-based fuzzing of `POST /mcp` through real HTTP against real server processes.
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
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A compliant request for `method` (used to read the server's surface and to probe it). */
function compliant(
  method: string,
  params: Record<string, unknown> = {},
  id: string | number = 1,
): FuzzRequest {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'MCP-Protocol-Version': '2026-07-28',
    'Mcp-Method': method,
  };
  if (typeof params.name === 'string') headers['Mcp-Name'] = params.name;
  return {
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method,
      params: { ...params, _meta: META },
    }),
  };
}

// This file's one group needs redis: skipped with a line saying so when it is missing.
const describe = requireTool(
  'redis',
  'the protocol fuzzer (one of its servers uses Redis)',
);
describe(`fuzzing POST /mcp (${RUNS} generated requests through real HTTP)`, () => {
  let server: ServerProcess;
  let redisServer: ServerProcess;
  const redisPrefix = uniquePrefix('fuzz');
  let client: FuzzClient;
  let model: ServerModel;
  let surface: Surface;
  let baseline: NodeJS.MemoryUsage;
  const tally = { sent: 0, fiveXX: 0, byStatus: new Map<number, number>() };

  const list = async <T>(method: string, key: string): Promise<T[]> =>
    JSON.parse((await client.send(compliant(method)))!.body).result[key] as T[];

  beforeAll(async () => {
    await ensureSharedRedis();
    [server, redisServer] = await Promise.all([
      startServerProcess(
        {
          MCP_MAX_BODY_BYTES: String(MAX_BODY),
          MCP_MAX_JSON_DEPTH: String(MAX_DEPTH),
          HTTP_MAX_HEADER_BYTES: String(MAX_HEADER),
        },
        { entry: 'harness' },
      ),
      startServerProcess({
        HANDLE_BACKEND: 'redis',
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: redisPrefix,
      }),
    ]);
    client = new FuzzClient(server.port);
    const tools = await list<{
      name: string;
      inputSchema: { properties?: Surface['tools'][number]['properties'] };
    }>('tools/list', 'tools');
    const prompts = await list<{
      name: string;
      arguments?: { name: string }[];
    }>('prompts/list', 'prompts');
    surface = {
      tools: tools.map((t) => ({
        name: t.name,
        properties: t.inputSchema.properties ?? {},
      })),
      prompts: prompts.map((p) => ({
        name: p.name,
        arguments: (p.arguments ?? []).map((a) => a.name),
      })),
      uris: (await list<{ uri: string }>('resources/list', 'resources')).map(
        (r) => r.uri,
      ),
      templates: (
        await list<{ uriTemplate: string }>(
          'resources/templates/list',
          'resourceTemplates',
        )
      ).map((t) => t.uriTemplate),
    };
    model = new ServerModel(modelTools(tools), MAX_BODY, MAX_DEPTH);
    // Warm up (JIT, pools, lazily created buffers) before the memory baseline.
    for (const req of fc.sample(pipelineRequest(surface), {
      numRuns: 300,
      seed: 1,
    }))
      await client.send(req);
    baseline = await server.memory();
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await Promise.all([server?.stop(), redisServer?.stop()]);
    await deleteKeys(redisPrefix);
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
    if (problem) {
      const shown =
        typeof req === 'function'
          ? ''
          : `\nrequest: ${JSON.stringify(req).slice(0, 1500)}`;
      throw new Error(`${label}: ${problem}${shown}`);
    }
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
        fc.asyncProperty(pipelineRequest(surface), async (req) => {
          let expected = model.expect(req);
          // Node's parser refuses control characters and non-token names before we see them: 400.
          const values = Object.values(req.headers).flat();
          const refusable =
            Object.keys(req.headers).some((n) => !TOKEN.test(n)) ||
            values.some((x) => FORBIDDEN_IN_HEADER.test(x));
          if (req.raw && refusable) {
            const options: Expectation[] = [
              expected,
              { kind: 'error', code: -32600, status: 400, id: null },
            ];
            // A raw CR or LF in a value ends its line where it stands: "\r\n" alone ends the head
            // before Content-Length (written last), so the POST arrives with no body: -32700.
            if (values.some((x) => /[\r\n]/.test(x)))
              options.push({
                kind: 'error',
                code: -32700,
                status: 400,
                id: null,
              });
            expected = { kind: 'either', options };
          }
          await exchange('pipeline', req, expected);
        }),
        params(0.7),
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
      const fine = {
        'MCP-Protocol-Version': '2026-07-28',
        'Mcp-Method': 'tools/call',
        'Mcp-Name': 'echo',
      };
      const refused = (status: number): Expectation => ({
        kind: 'error',
        code: -32600,
        status,
        id: null,
      });
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
              ? model.expect({ headers: fine, body: c.modelBody })
              : c.expect === 'malformed'
                ? refused(400)
                : c.expect === 'header-too-large'
                  ? refused(431)
                  : c.expect === 'forbidden'
                    ? refused(403)
                    : { kind: 'any' };
          await exchange(
            c.label,
            () => rawRequest(server.port, bytes),
            expected,
          );
        }),
        params(0.1),
      );
    },
    TIMEOUT,
  );

  it(
    'refuses forged, altered and foreign tally handles on both backends, as non-retryable tool errors',
    async () => {
      const redisClient = new FuzzClient(redisServer.port);
      const mint = async (c: FuzzClient) =>
        JSON.parse(
          (await c.send(
            compliant('tools/call', { name: 'tally', arguments: {} }),
          ))!.body,
        ).result.structuredContent.handle as string;
      const genuine = {
        signed: await mint(client),
        redis: await mint(redisClient),
      };
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('signed' as const, 'redis' as const),
            forgedHandle(),
            async (backend, forge) => {
              const handle = await forge(genuine[backend]);
              fc.pre(handle !== genuine[backend]);
              const target = backend === 'signed' ? client : redisClient;
              const req = compliant(
                'tools/call',
                { name: 'tally', arguments: { handle, add: 5 } },
                'forged',
              );
              // Refused by the store (reason given, not retryable) or, when empty or too long, by the schema.
              await exchange(
                `forged ${backend} handle`,
                () => target.send(req),
                {
                  kind: 'result',
                  check: (r) => {
                    const error = (
                      r.structuredContent as
                        { error?: { retryable?: unknown } } | undefined
                    )?.error;
                    if (r.isError !== true)
                      return `accepted a forged handle: ${JSON.stringify(r.structuredContent)}`;
                    return error?.retryable === true
                      ? 'a forged handle was called retryable'
                      : undefined;
                  },
                },
              );
            },
          ),
          params(0.1),
        );
        // The genuine handles still work: refusing forgeries changed nothing.
        for (const [backend, handle] of Object.entries(genuine)) {
          const c = backend === 'signed' ? client : redisClient;
          const res = JSON.parse(
            (await c.send(
              compliant('tools/call', {
                name: 'tally',
                arguments: { handle, add: 2 },
              }),
            ))!.body,
          );
          expect(res.result.structuredContent).toMatchObject({
            total: 3,
            calls: 2,
          });
        }
      } finally {
        redisClient.close();
      }
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
    expect(redisServer.child.exitCode).toBeNull();
    expect(tally.sent).toBeGreaterThanOrEqual(RUNS * 0.95);
    expect(tally.fiveXX).toBe(0);
    expect(server.output()).not.toMatch(/ERROR|"level":"error"/i);
    expect(redisServer.output()).not.toMatch(/"level":"error"/i);
    // Generous: a leak of even a few hundred bytes per request would show at these counts.
    expect(growth.heapMB).toBeLessThan(32);
    expect(growth.rssMB).toBeLessThan(160);
    const probe = await client.send(compliant('server/discover', {}, 'after'));
    expect(probe?.status).toBe(200);
  });
});
