// k6 load test for the stateless MCP server, speaking revision 2026-07-28 on every request.
//
//   k6 run loadtest/k6-mcp.js                                   # local server on :8000
//   k6 run -e BASE_URL=https://<app>.azurewebsites.net loadtest/k6-mcp.js
//   k6 run -e TIME_SCALE=0.1 -e VU_SCALE=0.3 loadtest/k6-mcp.js  # a 10 s smoke run
//
// Mix per iteration: 80 % whoami, 20 % compute_primes(PRIME_LIMIT); every TALLY_EVERY-th iteration
// the virtual user also extends its own tally chain, passing the handle back and checking the total
// is exact. See loadtest/README.md. Type-checked in CI against @types/k6 (loadtest/tsconfig.json).
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { randomBytes } from 'k6/crypto';
import { b64encode } from 'k6/encoding';
import { Counter, Trend } from 'k6/metrics';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.1.0/index.js';

// The site's base URL; its endpoint URL (…/mcp) is taken to mean the same site.
const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8000')
  .replace(/\/+$/, '')
  .replace(/\/mcp$/, '');
const MCP_URL = `${BASE_URL}/mcp`;
const PRIME_LIMIT = positiveInt(__ENV.PRIME_LIMIT, 20000);
const TIME_SCALE = positiveNumber(__ENV.TIME_SCALE, 1);
const VU_SCALE = positiveNumber(__ENV.VU_SCALE, 1);
const TALLY_EVERY = positiveInt(__ENV.TALLY_EVERY, 5);
const PROTOCOL_VERSION = '2026-07-28';
const CLIENT_INFO = { name: 'k6-mcp', version: '2.0.0' };
// The group whose checks are named after the serving instance: k6's summary keeps a pass count per
// check name, which is the only per-instance tally that survives into handleSummary without
// knowing the instance ids in advance (tagged sub-metrics are exported only when a threshold
// names them).
const INSTANCE_GROUP = 'instances';

const instanceHits = new Counter('mcp_instance_hits');
const toolLatency = new Trend('mcp_tool_latency_ms', true);
const tallyMismatches = new Counter('mcp_tally_mismatches');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    steady_load: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: seconds(15), target: vus(10) },
        { duration: seconds(45), target: vus(30) },
        { duration: seconds(30), target: vus(30) },
        { duration: seconds(10), target: 0 },
      ],
      gracefulRampDown: '5s',
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{tool:whoami}': ['p(95)<800'],
    // Only the protocol checks: the per-instance checks below always pass and would dilute the rate.
    'checks{kind:mcp}': ['rate>0.99'],
    mcp_tally_mismatches: ['count==0'],
  },
};

/**
 * @typedef {{ [argument: string]: string }} ParamHeaders  argument name → x-mcp-header name
 * @typedef {{ server: string, tools: string[], paramHeaders: { [tool: string]: ParamHeaders } }} SetupData
 * @typedef {{ jsonrpc: string, id: string, result?: any, error?: { code: number, message: string, data?: unknown } }} RpcResponse
 */

/**
 * server/discover (the 2026-07-28 replacement for initialize) and tools/list once, before the load.
 * @returns {SetupData}
 */
export function setup() {
  const discover = rpc('server/discover', {}, 'setup-discover', {});
  const ok = check(
    discover.body,
    {
      'discover: 200 + result': (b) =>
        discover.status === 200 && !!b && !!b.result,
      [`discover: supports ${PROTOCOL_VERSION}`]: (b) =>
        !!b &&
        !!b.result &&
        b.result.supportedVersions.includes(PROTOCOL_VERSION),
    },
    { kind: 'mcp' },
  );
  if (!ok)
    throw new Error(
      `server/discover failed at ${MCP_URL}: HTTP ${discover.status}`,
    );
  const list = rpc('tools/list', {}, 'setup-tools', {});
  /** @type {{ name: string, inputSchema?: { properties?: { [arg: string]: { [key: string]: unknown } } } }[]} */
  const tools = (list.body && list.body.result && list.body.result.tools) || [];
  const names = tools.map((t) => t.name);
  for (const needed of ['whoami', 'compute_primes', 'tally']) {
    if (!names.includes(needed))
      throw new Error(`tools/list at ${MCP_URL} has no ${needed} tool`);
  }
  /** @type {{ [tool: string]: ParamHeaders }} */
  const paramHeaders = {};
  for (const tool of tools) {
    /** @type {ParamHeaders} */
    const mirrored = {};
    for (const [arg, schema] of Object.entries(
      (tool.inputSchema && tool.inputSchema.properties) || {},
    )) {
      if (typeof schema['x-mcp-header'] === 'string')
        mirrored[arg] = schema['x-mcp-header'];
    }
    paramHeaders[tool.name] = mirrored;
  }
  const meta =
    discover.body && discover.body.result && discover.body.result._meta;
  const serverInfo = meta && meta['io.modelcontextprotocol/serverInfo'];
  return {
    server: serverInfo ? `${serverInfo.name} ${serverInfo.version}` : 'unknown',
    tools: names,
    paramHeaders,
  };
}

// Each virtual user keeps its own tally chain across iterations (module state is per VU in k6).
/** @type {string | undefined} */
let tallyHandle;
let tallyExpected = 0;
let tallyCalls = 0;

/** @param {SetupData} data */
export default function (data) {
  if (Math.random() < 0.8) callTool(data, 'whoami', {});
  else callTool(data, 'compute_primes', { limit: PRIME_LIMIT });
  if (__ITER % TALLY_EVERY === 0) tallyStep(data);
  sleep(0.2 + Math.random() * 0.4);
}

/**
 * One link of this VU's chain: add a small number, pass the handle back, expect the exact total.
 * @param {SetupData} data
 */
function tallyStep(data) {
  const add = 1 + Math.floor(Math.random() * 9);
  /** @type {{ add: number, handle?: string }} */
  const args = { add };
  if (tallyHandle) args.handle = tallyHandle;
  const out = callTool(data, 'tally', args);
  if (!out) {
    // A failed link (already counted by the checks) restarts the chain rather than poisoning it.
    tallyHandle = undefined;
    tallyExpected = 0;
    tallyCalls = 0;
    return;
  }
  tallyExpected += add;
  tallyCalls += 1;
  const exact = check(
    out,
    {
      'tally: total exact': (o) => o.total === tallyExpected,
      'tally: calls exact': (o) =>
        o.calls === undefined || o.calls === tallyCalls,
    },
    { kind: 'mcp' },
  );
  if (!exact) tallyMismatches.add(1);
  tallyHandle = out.handle;
}

/**
 * tools/call with every 2026-07-28 header; records latency and the serving instance.
 * @param {SetupData} data
 * @param {string} tool
 * @param {{ [arg: string]: unknown }} args
 * @returns {any} structuredContent of a successful result, or undefined
 */
function callTool(data, tool, args) {
  /** @type {{ [header: string]: string }} */
  const extra = {};
  const mirrored = data.paramHeaders[tool] || {};
  for (const arg of Object.keys(mirrored)) {
    const value = args[arg];
    if (typeof value === 'string')
      extra[`Mcp-Param-${mirrored[arg]}`] = headerValue(value);
    else if (typeof value === 'number' || typeof value === 'boolean')
      extra[`Mcp-Param-${mirrored[arg]}`] = String(value);
  }
  const res = rpc(
    'tools/call',
    { name: tool, arguments: args },
    `${tool}-${__VU}-${__ITER}`,
    extra,
  );
  toolLatency.add(res.timings.duration, { tool });
  const body = res.body;
  const result = body && body.result;
  const ok = check(
    res.status,
    {
      'status 200': (s) => s === 200,
      'no JSON-RPC error': () => !!body && !body.error,
      'tool succeeded': () =>
        !!result && result.isError !== true && result.resultType === 'complete',
    },
    { kind: 'mcp' },
  );
  const out = result && (result.structuredContent || parseText(result));
  const instance = (out && out.instance_id) || 'unknown';
  instanceHits.add(1, { instance });
  group(INSTANCE_GROUP, () => {
    check(instance, { [instance]: () => true }, { kind: 'instance' });
  });
  return ok ? out : undefined;
}

/**
 * POSTs one JSON-RPC request with the standard headers (spec §4.2) and full _meta (spec §2.1).
 * @param {string} method
 * @param {{ [key: string]: unknown }} params
 * @param {string} id
 * @param {{ [header: string]: string }} extraHeaders
 * @returns {{ status: number, body: RpcResponse | undefined, timings: { duration: number } }}
 */
function rpc(method, params, id, extraHeaders) {
  const traceparent = `00-${hex(16)}-${hex(8)}-01`;
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': PROTOCOL_VERSION,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
        traceparent,
      },
    },
  });
  /** @type {{ [header: string]: string }} */
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': PROTOCOL_VERSION,
    'Mcp-Method': method,
    traceparent,
    ...extraHeaders,
  };
  if (method === 'tools/call' && typeof params.name === 'string')
    headers['Mcp-Name'] = headerValue(params.name);
  const tool = method === 'tools/call' ? String(params.name) : method;
  const res = http.post(MCP_URL, body, { headers, tags: { tool, method } });
  return {
    status: res.status,
    body: parseBody(res.body),
    timings: res.timings,
  };
}

/**
 * An `Mcp-Name`/`Mcp-Param-*` value: plain printable ASCII as is, anything else base64-wrapped.
 * @param {string} value
 */
function headerValue(value) {
  const plain =
    /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/.test(value) &&
    !/^=\?base64\?.*\?=$/.test(value);
  return plain ? value : `=?base64?${b64encode(value, 'std')}?=`;
}

/**
 * The final JSON-RPC message of a JSON or SSE body (k6 reads an SSE answer as a whole body).
 * @param {string | ArrayBuffer | null} raw
 * @returns {RpcResponse | undefined}
 */
function parseBody(raw) {
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    if (!raw.startsWith('data:') && !raw.startsWith(':'))
      return JSON.parse(raw);
    const events = raw.split(/\r?\n\r?\n/).filter((e) => e.startsWith('data:'));
    const last = events[events.length - 1];
    return last ? JSON.parse(last.replace(/^data: ?/gm, '')) : undefined;
  } catch (_) {
    return undefined;
  }
}

/**
 * The predecessor's fallback: a JSON text block carrying the structured output.
 * @param {{ content?: { type: string, text?: string }[] }} result
 */
function parseText(result) {
  const first = result.content && result.content[0];
  if (!first || first.type !== 'text' || !first.text) return undefined;
  try {
    return JSON.parse(first.text);
  } catch (_) {
    return undefined;
  }
}

/** @param {number} bytes */
function hex(bytes) {
  return Array.from(new Uint8Array(randomBytes(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * k6's normal end-of-test summary, then hits per instance with share and a bar chart, and the KQL
 * that shows the same split from the server side in Application Insights.
 * @param {any} data k6 summary data
 */
export function handleSummary(data) {
  const out =
    textSummary(data, { indent: ' ', enableColors: true }) +
    '\n\n' +
    distribution(data) +
    '\n';
  /** @type {{ [path: string]: string }} */
  const files = { stdout: out };
  if (__ENV.SUMMARY_JSON)
    files[__ENV.SUMMARY_JSON] = JSON.stringify(data, null, 2);
  return files;
}

/**
 * @param {any} data
 * @returns {string}
 */
function distribution(data) {
  /** @type {{ name: string, checks: { name: string, passes: number }[] }[]} */
  const groups = (data.root_group && data.root_group.groups) || [];
  const found = groups.find((g) => g.name === INSTANCE_GROUP);
  const rows = ((found && found.checks) || [])
    .map((c) => ({ name: c.name, hits: c.passes }))
    .sort((a, b) => b.hits - a.hits);
  const total = rows.reduce((sum, r) => sum + r.hits, 0);
  const lines = ['=== Instance distribution ==='];
  if (total === 0) {
    lines.push('no tool calls were recorded');
  } else {
    const width = Math.max(8, ...rows.map((r) => r.name.length));
    const top = rows[0].hits;
    for (const r of rows) {
      const share = (100 * r.hits) / total;
      const bar = '█'.repeat(Math.max(1, Math.round((40 * r.hits) / top)));
      lines.push(
        `${r.name.padEnd(width)}  ${String(r.hits).padStart(7)}  ${share.toFixed(1).padStart(5)} %  ${bar}`,
      );
    }
    lines.push(
      `${'total'.padEnd(width)}  ${String(total).padStart(7)}  across ${rows.length} instance(s); an even spread is ${(100 / rows.length).toFixed(1)} % each`,
    );
  }
  lines.push(
    '',
    'Cross-check in Application Insights (Logs), over the test window:',
    '  requests',
    '  | where timestamp > ago(15m) and url has "/mcp"',
    '  | summarize hits = count() by cloud_RoleInstance',
    '  | extend share = round(100.0 * hits / toscalar(requests | where timestamp > ago(15m) and url has "/mcp" | count), 1)',
    '  | order by hits desc',
  );
  return lines.join('\n');
}

/** @param {number} s */
function seconds(s) {
  return `${Math.max(1, Math.round(s * TIME_SCALE))}s`;
}

/** @param {number} n */
function vus(n) {
  return Math.max(1, Math.round(n * VU_SCALE));
}

/**
 * @param {string | undefined} value
 * @param {number} fallback
 */
function positiveInt(value, fallback) {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * @param {string | undefined} value
 * @param {number} fallback
 */
function positiveNumber(value, fallback) {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}
