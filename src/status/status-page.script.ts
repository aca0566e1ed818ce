// The page is an MCP client like any other: it writes the wire names as the spec gives them.
const PROTOCOL_VERSION = '2026-07-28';

/**
 * The `whoami` request the page sends, less its id: a plain 2026-07-28 tools/call with the `_meta`
 * every request carries (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
 */
const WHOAMI_PARAMS = {
  name: 'whoami',
  arguments: {},
  _meta: {
    'io.modelcontextprotocol/protocolVersion': PROTOCOL_VERSION,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': {
      name: 'status-page',
      version: '1.0.0',
    },
  },
};

/** Its standard headers (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports). */
const WHOAMI_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'mcp-protocol-version': PROTOCOL_VERSION,
  'mcp-method': 'tools/call',
  'mcp-name': 'whoami',
};

/**
 * The status page's only script, allowed by its hash in the page's CSP (no inline handlers, no eval,
 * nothing loaded). It copies the VS Code snippet, and calls `whoami` over MCP N times from the page
 * (same origin, so `connect-src 'self'`) to chart which instances answered: behind a balancer the
 * calls spread over the instances. The bars are SVG elements built with DOM APIs inside the page's
 * `<svg>`, styled by the page's CSS.
 */
export const STATUS_PAGE_SCRIPT = `
const button = document.getElementById('copy');
const snippet = document.getElementById('vscode-config');
button.hidden = false;
button.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    button.textContent = 'Copied';
  } catch {
    getSelection().selectAllChildren(snippet);
    button.textContent = 'Press Ctrl+C to copy';
  }
});

const run = document.getElementById('run-whoami');
const calls = document.getElementById('whoami-calls');
const status = document.getElementById('whoami-status');
const chart = document.getElementById('whoami-chart');
// The chart is an <svg> of the page: its children take its namespace.
const SVG = chart.namespaceURI;
const MAX_CALLS = 500;
document.getElementById('balancer-controls').hidden = false;

const svgElement = (name, attributes, text) => {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes))
    element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
};

const draw = (counts) => {
  const rows = [...counts].sort((a, b) => a[0].localeCompare(b[0]));
  const top = Math.max(1, ...rows.map((row) => row[1]));
  const rowHeight = 26;
  const labelWidth = 240;
  const barWidth = 340;
  chart.setAttribute('width', String(labelWidth + barWidth + 50));
  chart.setAttribute('height', String(rows.length * rowHeight + 4));
  const bars = [];
  rows.forEach(([instance, count], i) => {
    const y = i * rowHeight + 2;
    const width = Math.max(2, (count / top) * barWidth);
    const row = svgElement('g', { 'data-instance': instance, 'data-count': count });
    row.append(
      svgElement('text', { x: 0, y: y + 16, class: 'label' }, instance),
      svgElement('rect', { x: labelWidth, y, width, height: rowHeight - 6, rx: 3, class: 'bar' }),
      svgElement('text', { x: labelWidth + width + 6, y: y + 16, class: 'count' }, String(count)),
    );
    bars.push(row);
  });
  chart.replaceChildren(...bars);
};

let nextId = 1;
const whoami = async () => {
  const res = await fetch('/mcp', {
    method: 'POST',
    headers: ${JSON.stringify(WHOAMI_HEADERS)},
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: ${JSON.stringify(WHOAMI_PARAMS)} }),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await res.text();
  const streamed = (res.headers.get('content-type') || '').startsWith('text/event-stream');
  const data = streamed ? text.split('\\n').filter((l) => l.startsWith('data: ')).pop() : text;
  const message = JSON.parse(streamed ? data.slice(6) : data);
  const instance = message.result && message.result.structuredContent && message.result.structuredContent.instance_id;
  if (typeof instance !== 'string') throw new Error('HTTP ' + res.status);
  return instance;
};

run.addEventListener('click', async () => {
  const n = Math.min(MAX_CALLS, Math.max(1, Math.floor(Number(calls.value)) || 30));
  calls.value = String(n);
  run.disabled = true;
  delete status.dataset.done;
  draw(new Map());
  const counts = new Map();
  let failed = 0;
  for (let i = 1; i <= n; i++) {
    try {
      const instance = await whoami();
      counts.set(instance, (counts.get(instance) || 0) + 1);
      draw(counts);
    } catch {
      failed++;
    }
    status.textContent = i + ' of ' + n + ' calls answered by ' + counts.size + ' instance(s)' +
      (failed ? ', ' + failed + ' failed' : '');
  }
  status.dataset.done = 'true';
  run.disabled = false;
});
`;
