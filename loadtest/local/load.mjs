// Drives the k6 mix through the balancer with autocannon (80 % whoami, 20 % compute_primes) while a
// few tally chains run beside it through the MCP client, and records what every response says.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import {
  McpRpcError,
  McpTransportError,
  buildRequest,
  newTraceparent,
  paramHeadersOf,
} from '../../dist-client/index.js';
import { LatencyHistogram } from './histogram.mjs';

const PROTOCOL_VERSION = '2026-07-28';
const CLIENT_INFO = { name: 'loadtest-local', version: '1.0.0' };
// A failing chain restarts after a pause rather than spinning against a broken server.
const FAILURE_BACKOFF_MS = 100;
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/**
 * @typedef {{
 *   instances: Record<string, number>,
 *   latencies: Record<string, LatencyHistogram>,
 *   requests: number,
 *   failed: number,
 *   resets: number,
 *   failures: Record<string, number>,
 *   tally: { chains: number, calls: number, mismatches: number },
 *   elapsedMs: number,
 * }} LoadStats
 */

/**
 * @param {{
 *   url: string,
 *   durationS: number,
 *   connections: number,
 *   primeLimit: number,
 *   tallyChains: number,
 *   client: import('../../dist-client/index.js').McpClient,
 *   onStart?: (stop: () => void) => void,
 * }} options
 * @returns {Promise<LoadStats>}
 */
export async function driveLoad(options) {
  /** @type {LoadStats} */
  const stats = {
    instances: {},
    latencies: {
      whoami: new LatencyHistogram(),
      compute_primes: new LatencyHistogram(),
      tally: new LatencyHistogram(),
    },
    requests: 0,
    failed: 0,
    resets: 0,
    failures: {},
    tally: { chains: options.tallyChains, calls: 0, mismatches: 0 },
    elapsedMs: 0,
  };
  // Failures are counted by message, so a repeated one is reported once with its count.
  const fail = (/** @type {string} */ why) => {
    stats.failed++;
    stats.failures[why] = (stats.failures[why] ?? 0) + 1;
  };
  const tools = await options.client.allTools();
  const headersOf = Object.fromEntries(
    tools.map((t) => [t.name, paramHeadersOf(t)]),
  );
  let nextId = 1;
  /** @type {string} */
  let lastTool = 'whoami';

  /**
   * @param {string} tool
   * @param {Record<string, unknown>} args
   */
  const mixRequest = (tool, args) => ({
    method: 'POST',
    path: new URL(options.url).pathname,
    setupRequest: (/** @type {Record<string, unknown>} */ req) => {
      const built = buildRequest({
        id: `${tool}-${nextId++}`,
        method: 'tools/call',
        params: { name: tool, arguments: args },
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: CLIENT_INFO,
        traceparent: newTraceparent(),
        paramHeaders: headersOf[tool],
      });
      return { ...req, headers: built.headers, body: built.body };
    },
    onResponse: (/** @type {number} */ status, /** @type {string} */ body) => {
      // Called just before autocannon's 'response' event for the same request: remember the tool.
      lastTool = tool;
      stats.requests++;
      const instance = checkResult(tool, status, body, fail);
      if (instance)
        stats.instances[instance] = (stats.instances[instance] ?? 0) + 1;
    },
  });

  const started = performance.now();
  const endAt = Date.now() + options.durationS * 1000;
  const cannon = autocannon({
    url: new URL(options.url).origin,
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    requests: [
      mixRequest('whoami', {}),
      mixRequest('whoami', {}),
      mixRequest('whoami', {}),
      mixRequest('whoami', {}),
      mixRequest('compute_primes', { limit: options.primeLimit }),
    ],
  });
  cannon.on(
    'response',
    (
      /** @type {unknown} */ _client,
      /** @type {number} */ _status,
      /** @type {number} */ _bytes,
      /** @type {number} */ ms,
    ) => {
      stats.latencies[lastTool].record(ms);
    },
  );
  cannon.on('reqError', (/** @type {NodeJS.ErrnoException} */ err) => {
    stats.requests++;
    if (err.code && RESET_CODES.has(err.code)) stats.resets++;
    fail(`autocannon: ${err.code ?? err.message}`);
  });
  let stopped = false;
  const stopAll = () => {
    stopped = true;
    cannon.stop();
  };
  options.onStart?.(stopAll);

  const chains = Array.from({ length: options.tallyChains }, (_, i) =>
    tallyChain(
      i,
      options.client,
      () => stopped || Date.now() >= endAt,
      stats,
      fail,
    ),
  );
  await Promise.all([
    new Promise((resolve) => cannon.on('done', resolve)),
    ...chains,
  ]);
  stats.elapsedMs = performance.now() - started;
  return stats;
}

/**
 * The instance that answered, or undefined (and a recorded failure) when the answer was not a
 * complete, successful tool result.
 * @param {string} tool
 * @param {number} status
 * @param {string} body
 * @param {(why: string) => void} fail
 */
function checkResult(tool, status, body, fail) {
  /** @type {any} */
  let message;
  try {
    message = JSON.parse(body);
  } catch {
    fail(`${tool}: HTTP ${status}, not JSON: ${body.slice(0, 80)}`);
    return undefined;
  }
  const result = message?.result;
  if (status !== 200 || !result) {
    fail(
      `${tool}: HTTP ${status} ${message?.error ? `${message.error.code} ${message.error.message}` : ''}`,
    );
    return undefined;
  }
  if (result.resultType !== 'complete' || result.isError) {
    fail(
      `${tool}: ${result.isError ? `isError: ${result.content?.[0]?.text}` : `resultType ${result.resultType}`}`,
    );
    return undefined;
  }
  const instance = result.structuredContent?.instance_id;
  if (typeof instance !== 'string') {
    fail(`${tool}: no instance_id`);
    return undefined;
  }
  return instance;
}

/**
 * One tally chain: adds 1–9 per call, passes the handle back, expects the exact running total.
 * @param {number} index
 * @param {import('../../dist-client/index.js').McpClient} client
 * @param {() => boolean} done
 * @param {LoadStats} stats
 * @param {(why: string) => void} fail
 */
async function tallyChain(index, client, done, stats, fail) {
  /** @type {string | undefined} */
  let handle;
  let expected = 0;
  let calls = 0;
  while (!done()) {
    const add = 1 + ((index + calls) % 9);
    const t0 = performance.now();
    try {
      /** @type {any} */
      const result = await client.callTool(
        'tally',
        handle === undefined ? { add } : { handle, add },
      );
      stats.latencies.tally.record(performance.now() - t0);
      stats.requests++;
      stats.tally.calls++;
      const out = result.structuredContent;
      if (result.isError || typeof out?.total !== 'number') {
        fail(
          `tally chain ${index}: ${result.content?.[0]?.text ?? 'no total'}`,
        );
        handle = undefined;
        expected = calls = 0;
        await delay(FAILURE_BACKOFF_MS);
        continue;
      }
      expected += add;
      calls++;
      stats.instances[out.instance_id] =
        (stats.instances[out.instance_id] ?? 0) + 1;
      if (
        out.total !== expected ||
        (out.calls !== undefined && out.calls !== calls)
      ) {
        stats.tally.mismatches++;
        fail(
          `tally chain ${index}: total ${out.total} after ${calls} calls, expected ${expected}`,
        );
        expected = out.total;
        calls = out.calls ?? calls;
      }
      handle = out.handle;
    } catch (err) {
      stats.requests++;
      const code = /** @type {any} */ (err)?.cause?.cause?.code;
      if (code && RESET_CODES.has(code)) stats.resets++;
      if (err instanceof McpRpcError || err instanceof McpTransportError)
        fail(`tally chain ${index}: ${err.message}`);
      else throw err;
      handle = undefined;
      expected = calls = 0;
      await delay(FAILURE_BACKOFF_MS);
    }
  }
}
