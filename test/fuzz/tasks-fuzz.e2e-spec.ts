import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { requireTool } from '../support/system-tools.js';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
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
import { checkAnswer, FuzzClient } from './fuzz-client.js';
import type { Expectation, FuzzRequest } from './server-model.js';

/**
 * Property-based fuzzing of the tasks methods (SEP-2663) through real HTTP against a server process
 * on the Redis store: hostile task ids, huge and malformed `inputResponses`, wrong or missing
 * headers, undeclared capabilities. Every answer must be the one the model predicts; none a 5xx.
 * `FUZZ_RUNS` scales it (a tenth goes here); `FUZZ_SEED` replays a run.
 */
const RUNS = Math.max(
  200,
  Math.round(Number(process.env.FUZZ_RUNS ?? 10_000) / 10),
);
const SEED =
  process.env.FUZZ_SEED === undefined
    ? undefined
    : Number(process.env.FUZZ_SEED);
const MAX_INPUT = 4096;
const TASKS = 'io.modelcontextprotocol/tasks';
const METHODS = [
  'tasks/get',
  'tasks/update',
  'tasks/cancel',
  'tasks/result',
  'tasks/list',
] as const;
const PRINTABLE = /^[!-~]+$/;
const SHAPE = /^[A-Za-z0-9_-]{1,128}$/;

function meta(declared: boolean) {
  return {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': declared
      ? { elicitation: {}, extensions: { [TASKS]: {} } }
      : { elicitation: {} },
  };
}

function post(
  method: string,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
  id: string | number = 1,
): FuzzRequest {
  return {
    headers: {
      'Content-Type': 'application/json',
      'MCP-Protocol-Version': '2026-07-28',
      'Mcp-Method': method,
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  };
}

type HeaderCase = 'match' | 'mismatch' | 'absent' | 'wrong-method';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const withRedis = requireTool('redis', 'fuzzing the tasks methods');
withRedis(`fuzzing the tasks methods (${RUNS} generated requests)`, () => {
  const prefix = uniquePrefix('tasks-fuzz');
  let server: ServerProcess;
  let client: FuzzClient;
  const genuine: string[] = [];
  let fiveXX = 0;

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.conformance.json']);
    await ensureSharedRedis();
    server = await startServerProcess(
      {
        MCP_STRICT_HEADERS: '0',
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        TASKS_MAX_INPUT_BYTES: String(MAX_INPUT),
      },
      { entry: 'conformance' },
    );
    client = new FuzzClient(server.port);
    for (let i = 0; i < 5; i++) {
      const answer = await client.send(
        post(
          'tools/call',
          {
            name: 'confirm_delete',
            arguments: { filename: `f${i}` },
            _meta: meta(true),
          },
          { 'Mcp-Name': 'confirm_delete' },
        ),
      );
      genuine.push(JSON.parse(answer!.body).result.taskId as string);
    }
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await deleteKeys(prefix);
  });

  const taskIds = () =>
    fc.oneof(
      fc.constantFrom(...[0, 1, 2, 3, 4].map((i) => () => genuine[i])),
      fc
        .tuple(fc.nat(4), fc.nat(30), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([i, at, c]) => () => {
          const id = genuine[i];
          return id.slice(0, at) + c + id.slice(at + 1);
        }),
      fc.string({ maxLength: 200 }).map((s) => () => s),
      fc.string({ minLength: 129, maxLength: 5000 }).map((s) => () => s),
      fc.string({ unit: 'binary', maxLength: 50 }).map((s) => () => s),
      fc
        .constantFrom('__proto__', 'constructor', '{x}', '*', '../x', 'mt_')
        .map((s) => () => s),
      fc.anything().map((v) => () => v),
    );

  const inputResponses = fc.oneof(
    fc.dictionary(
      fc.oneof(
        fc.constantFrom('confirm', '__proto__', 'constructor'),
        fc.string(),
      ),
      fc.record({
        action: fc.constantFrom('accept', 'decline', 'cancel'),
        content: fc.dictionary(fc.string(), fc.jsonValue()),
      }),
    ),
    fc
      .integer({ min: MAX_INPUT, max: 60_000 })
      .map((n) => ({ confirm: { text: 'y'.repeat(n) } })),
    fc.anything(),
  );

  /** What the server must answer, from the order of its checks. */
  function expect_(
    method: string,
    sent: Record<string, unknown>,
    header: HeaderCase,
    declared: boolean,
  ): Expectation {
    const error = (code: number, status: number): Expectation => ({
      kind: 'error',
      code,
      status,
      id: 1,
    });
    if (header === 'wrong-method') return error(-32020, 400);
    const named = method !== 'tasks/result' && method !== 'tasks/list';
    if (named && header === 'mismatch') return error(-32020, 400);
    if (!named) return error(-32601, 404);
    if (!declared) return error(-32021, 400);
    const taskId = sent.taskId;
    if (
      typeof taskId !== 'string' ||
      !SHAPE.test(taskId) ||
      !genuine.includes(taskId)
    )
      return error(-32602, 200);
    if (method === 'tasks/update') {
      const ir = sent.inputResponses;
      if (!isObject(ir) || !Object.values(ir).every(isObject))
        return error(-32602, 400);
      if (Buffer.byteLength(JSON.stringify(ir)) > MAX_INPUT)
        return error(-32602, 400);
    }
    return {
      kind: 'result',
      check: (r) =>
        method === 'tasks/get'
          ? r.taskId === taskId
            ? undefined
            : `tasks/get answered ${JSON.stringify(r).slice(0, 200)}`
          : r.resultType === 'complete' && !('taskId' in r)
            ? undefined
            : `ack was ${JSON.stringify(r).slice(0, 200)}`,
    };
  }

  it(
    'answers every hostile tasks request as the model predicts, never with a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...METHODS),
          taskIds(),
          inputResponses,
          fc.constantFrom<HeaderCase[]>(
            'match',
            'mismatch',
            'absent',
            'wrong-method',
          ),
          fc.boolean(),
          async (method, idOf, ir, header, declared) => {
            const taskId = idOf();
            const raw: Record<string, unknown> = {
              taskId,
              _meta: meta(declared),
            };
            if (method === 'tasks/update') raw.inputResponses = ir;
            // What the server parses: undefined values and the like vanish in JSON.
            const sent = JSON.parse(JSON.stringify(raw)) as Record<
              string,
              unknown
            >;
            const headers: Record<string, string> = {};
            let kind = header;
            if (header === 'match') {
              if (
                typeof sent.taskId === 'string' &&
                PRINTABLE.test(sent.taskId)
              )
                headers['Mcp-Name'] = sent.taskId;
              else kind = 'absent';
            } else if (header === 'mismatch') {
              headers['Mcp-Name'] =
                sent.taskId === 'mt_not_this_one'
                  ? 'mt_other'
                  : 'mt_not_this_one';
            } else if (header === 'wrong-method') {
              headers['Mcp-Method'] = 'tools/call';
            }
            const answer = await client.send(post(method, sent, headers));
            if (answer && answer.status >= 500) fiveXX++;
            const problem = checkAnswer(
              expect_(method, sent, kind, declared),
              answer,
            );
            if (problem)
              throw new Error(
                `${method} ${kind}: ${problem}\nparams: ${JSON.stringify(sent).slice(0, 600)}`,
              );
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: false },
      );
      expect(fiveXX).toBe(0);
      expect(server.child.exitCode).toBeNull();
      expect(server.output()).not.toMatch(/"level":"error"|\bERROR\b/);
    },
    120_000 + RUNS * 20,
  );
});
