import type { DemoReport } from './demo-report.js';
import { McpClient } from './mcp.client.js';
import { McpRpcError } from './mcp-rpc.error.js';
import { McpTransportError } from './mcp-transport.error.js';
import {
  McpErrorCode,
  META_KEY,
  PROTOCOL_VERSION,
  type Implementation,
  type JsonObject,
} from './mcp.types.js';
import { runPrimeTask } from './task.runner.js';
import { TASKS_EXTENSION } from './task.types.js';

/** How many whoami calls and tally links the demo makes. */
export const DEMO_CALLS = 5;

/** The demo's task counts the primes up to 10^7 (above the default synchronous cap)… */
export const DEMO_TASK_LIMIT = 10_000_000;
/** …of which there are exactly this many. */
export const DEMO_TASK_PRIMES = 664_579;
/** How long the demo waits for its task before cancelling it. */
export const DEMO_TASK_TIMEOUT_MS = 60_000;

interface WhoamiOutput {
  instance_id: string;
  slot_name?: string;
}

interface TallyOutput {
  handle: string;
  total: number;
  calls?: number;
  instance_id: string;
}

/**
 * Runs the demo of the Python sample this project re-creates against one endpoint:
 * `server/discover` → `tools/list` (and a second one the cache must answer) → `whoami` ×5 → a
 * `tally` chain of 5 calls passing the handle back (adding 1..5, so the totals must be 1, 3, 6, 10,
 * 15) → one request with a wrong `Mcp-Name`, which must fail with -32020 / HTTP 400 → when the
 * server offers the tasks extension, compute_primes up to 10^7 as a task, polled to its exact
 * count. Every unexpected result is recorded in `failures`; a failure below JSON-RPC (unreachable,
 * not an MCP endpoint) ends the run early.
 */
export async function runDemo(client: McpClient): Promise<DemoReport> {
  const report: DemoReport = {
    url: client.url,
    protocolVersion: PROTOCOL_VERSION,
    ok: false,
    discover: undefined,
    tools: undefined,
    whoami: [],
    tally: [],
    headerMismatch: undefined,
    instances: {},
    failures: [],
  };
  const fail = (message: string) => report.failures.push(message);
  const count = (instance: string) =>
    (report.instances[instance] = (report.instances[instance] ?? 0) + 1);
  const steps: [string, () => Promise<void>][] = [
    ['server/discover', () => discover(client, report, fail)],
    ['tools/list', () => listTools(client, report, fail)],
    ['whoami', () => whoami(client, report, fail, count)],
    ['tally', () => tally(client, report, fail, count)],
    ['wrong Mcp-Name', () => mismatch(client, report, fail)],
    ['task', () => task(client, report, fail)],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      fail(`${name}: ${(err as Error).message}`);
      // Below JSON-RPC (unreachable, not an MCP endpoint): the next steps would only repeat it.
      if (err instanceof McpTransportError) break;
    }
  }
  report.ok = report.failures.length === 0;
  return report;
}

type Fail = (message: string) => void;

async function discover(
  client: McpClient,
  report: DemoReport,
  fail: Fail,
): Promise<void> {
  const result = await client.discover();
  const server = result._meta?.[META_KEY.serverInfo] as
    Implementation | undefined;
  report.discover = {
    server: server ? { name: server.name, version: server.version } : undefined,
    supportedVersions: result.supportedVersions,
    capabilities: Object.keys(result.capabilities ?? {}),
    extensions: Object.keys(
      (result.capabilities?.extensions as JsonObject | undefined) ?? {},
    ),
    ttlMs: result.ttlMs,
    cacheScope: result.cacheScope,
  };
  if (!result.supportedVersions?.includes(PROTOCOL_VERSION))
    fail(
      `server/discover: ${PROTOCOL_VERSION} is not among the supported versions`,
    );
  checkCacheHints('server/discover', result.ttlMs, result.cacheScope, fail);
}

async function listTools(
  client: McpClient,
  report: DemoReport,
  fail: Fail,
): Promise<void> {
  const first = await client.listTools();
  const names = (await client.allTools()).map((t) => t.name);
  const again = await client.send('tools/list');
  report.tools = {
    names,
    ttlMs: first.ttlMs,
    cacheScope: first.cacheScope,
    secondListFromCache: again.fromCache,
  };
  checkCacheHints('tools/list', first.ttlMs, first.cacheScope, fail);
  if (first.ttlMs > 0 && !again.fromCache)
    fail(
      `tools/list: not served from the cache within its ttlMs of ${first.ttlMs}`,
    );
  for (const tool of ['whoami', 'tally'])
    if (!names.includes(tool)) fail(`tools/list: no ${tool} tool`);
}

async function whoami(
  client: McpClient,
  report: DemoReport,
  fail: Fail,
  count: (id: string) => void,
): Promise<void> {
  for (let call = 1; call <= DEMO_CALLS; call++) {
    const reply = await client.send<{
      isError?: boolean;
      structuredContent?: WhoamiOutput;
    }>('tools/call', { name: 'whoami', arguments: {} });
    const out = reply.result.structuredContent;
    if (reply.result.isError || typeof out?.instance_id !== 'string') {
      fail(`whoami #${call}: no instance_id in the result`);
      continue;
    }
    report.whoami.push({
      call,
      instance_id: out.instance_id,
      slot_name: out.slot_name,
      traceparent: reply.traceparent,
    });
    count(out.instance_id);
  }
}

async function tally(
  client: McpClient,
  report: DemoReport,
  fail: Fail,
  count: (id: string) => void,
): Promise<void> {
  let handle: string | undefined;
  let expected = 0;
  for (let call = 1; call <= DEMO_CALLS; call++) {
    const add = call;
    expected += add;
    const result = await client.callTool<TallyOutput>(
      'tally',
      handle === undefined ? { add } : { handle, add },
    );
    const out = result.structuredContent;
    if (
      result.isError ||
      !out ||
      typeof out.handle !== 'string' ||
      typeof out.total !== 'number'
    ) {
      fail(
        `tally #${call}: ${result.content?.[0]?.text ?? 'no handle/total in the result'}`,
      );
      return;
    }
    report.tally.push({
      call,
      add,
      total: out.total,
      expected,
      calls: out.calls,
      instance_id: out.instance_id,
    });
    count(out.instance_id);
    if (out.total !== expected)
      fail(`tally #${call}: total ${out.total}, expected ${expected}`);
    if (out.calls !== undefined && out.calls !== call)
      fail(`tally #${call}: calls ${out.calls}, expected ${call}`);
    handle = out.handle;
  }
}

async function mismatch(
  client: McpClient,
  report: DemoReport,
  fail: Fail,
): Promise<void> {
  try {
    // The body names whoami, the header says echo: a server must refuse
    // (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation).
    await client.request(
      'tools/call',
      { name: 'whoami', arguments: {} },
      { headers: { 'Mcp-Name': 'echo' } },
    );
    report.headerMismatch = { message: 'accepted' };
    fail(
      'wrong Mcp-Name: the server accepted a request whose Mcp-Name disagrees with the body',
    );
  } catch (err) {
    if (!(err instanceof McpRpcError)) throw err;
    report.headerMismatch = {
      code: err.code,
      httpStatus: err.httpStatus,
      message: err.rpcMessage,
    };
    if (err.code !== McpErrorCode.HeaderMismatch || err.httpStatus !== 400) {
      fail(
        `wrong Mcp-Name: got ${err.code} / HTTP ${err.httpStatus}, expected ${McpErrorCode.HeaderMismatch} / HTTP 400`,
      );
    }
  }
}

/**
 * compute_primes as a task (SEP-2663), only when `server/discover` offers the extension: the
 * count must be exact (or, if the server ran it at once and capped it, at least answered).
 */
async function task(
  client: McpClient,
  report: DemoReport,
  fail: Fail,
): Promise<void> {
  if (!report.discover?.extensions?.includes(TASKS_EXTENSION)) return;
  if (!report.tools?.names.includes('compute_primes')) return;
  const run = await runPrimeTask(client, DEMO_TASK_LIMIT, {
    signal: AbortSignal.timeout(DEMO_TASK_TIMEOUT_MS),
  });
  report.task = run;
  if (run.cancelled)
    return fail(
      `task: not finished within ${DEMO_TASK_TIMEOUT_MS / 1000} s, cancelled`,
    );
  if (run.failure) return fail(`task: ${run.failure}`);
  if (run.error)
    return fail(`task: failed with ${run.error.code} ${run.error.message}`);
  const out = run.result?.structuredContent;
  if (run.result?.isError || typeof out?.prime_count !== 'number')
    return fail(`task: ended ${run.status ?? ''} without a prime count`);
  if (!out.capped && out.prime_count !== DEMO_TASK_PRIMES)
    fail(
      `task: ${out.prime_count} primes <= ${DEMO_TASK_LIMIT}, expected ${DEMO_TASK_PRIMES}`,
    );
}

function checkCacheHints(
  method: string,
  ttlMs: unknown,
  cacheScope: unknown,
  fail: Fail,
): void {
  if (!Number.isInteger(ttlMs) || (ttlMs as number) < 0)
    fail(`${method}: ttlMs ${String(ttlMs)} is not an integer ≥ 0`);
  if (cacheScope !== 'public' && cacheScope !== 'private')
    fail(`${method}: cacheScope ${String(cacheScope)} is not public/private`);
}
