import { createHash } from 'node:crypto';
import { markup, SafeHtml } from './html.js';
import { STATUS_PAGE_SCRIPT } from './status-page.script.js';
import type { StatusView } from './status-view.js';

// The dark theme of the Python sample this project re-creates, inline: the page loads nothing from
// anywhere.
const STYLE = `
:root { color-scheme: dark; --bg: #0b1020; --card: #11182b; --line: #1f2a44; --text: #e6edf7;
  --muted: #93a1bc; --accent: #4cc2ff; --ok: #4ade80; --warn: #fbbf24; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 760px; margin: 0 auto; padding: 32px 16px 48px; }
header h1 { margin: 0; font-size: 26px; }
header p { margin: 4px 0 24px; color: var(--muted); }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 20px; margin-bottom: 16px; }
h2 { margin: 0 0 12px; font-size: 13px; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
dl { display: grid; grid-template-columns: 160px 1fr; gap: 6px 12px; margin: 0; align-items: baseline; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.instance { color: var(--accent); font-size: 20px; font-weight: 600; }
.ok { color: var(--ok); } .warn { color: var(--warn); }
.hint { margin: 12px 0 0; color: var(--muted); font-size: 13px; }
pre { margin: 0; padding: 12px; background: var(--bg); border: 1px solid var(--line); border-radius: 8px;
  overflow-x: auto; user-select: all; }
button { margin-top: 10px; padding: 6px 14px; color: var(--bg); background: var(--accent); border: 0;
  border-radius: 6px; font: inherit; cursor: pointer; }
ul.tools { list-style: none; margin: 0; padding: 0; }
ul.tools li { padding: 10px 0; border-top: 1px solid var(--line); }
ul.tools li:first-child { border-top: 0; padding-top: 0; }
ul.tools code { color: var(--accent); font-size: 14px; }
ul.tools .title { color: var(--muted); margin-left: 8px; }
ul.tools p { margin: 4px 0 0; }
#balancer-controls label { color: var(--muted); margin-right: 8px; }
#balancer-controls input { width: 5em; padding: 5px 8px; color: var(--text); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; font: inherit; }
#balancer-controls button { margin: 0 0 0 8px; }
#balancer-controls button:disabled { opacity: .6; cursor: progress; }
#whoami-chart { display: block; margin-top: 12px; max-width: 100%; }
#whoami-chart .bar { fill: var(--accent); }
#whoami-chart text { fill: var(--text); font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#whoami-chart .count { fill: var(--muted); }
footer { color: var(--muted); font-size: 13px; text-align: center; }
footer a { color: var(--accent); }
`;

// Built as whole elements so the hashed text is exactly what the browser sees.
const STYLE_ELEMENT = new SafeHtml(`<style>${STYLE}</style>`);
const SCRIPT_ELEMENT = new SafeHtml(`<script>${STATUS_PAGE_SCRIPT}</script>`);

const sha256 = (text: string) =>
  `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Content-Security-Policy of the status page: only its own inline style and script (by hash) and
 * requests to its own origin, no other source of anything, so even an escaping slip could not run injected markup.
 */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(STATUS_PAGE_SCRIPT)}`,
  // The page calls whoami on its own origin's /mcp (the balancer chart), nothing else.
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const onOff = (on: boolean): SafeHtml =>
  on
    ? markup`<span class="ok">enabled</span>`
    : markup`<span class="warn">not configured</span>`;

/** Renders the status page. Every value of `view` is escaped by the `markup` tag. */
export function renderStatusPage(view: StatusView): string {
  const sampling =
    view.samplingRatio === undefined
      ? markup``
      : markup`<dt>Trace sampling</dt><dd>${Math.round(view.samplingRatio * 100)}% of traces</dd>`;
  const tools = view.tools.map(
    (tool) =>
      markup`<li><code>${tool.name}</code>${tool.title ? markup`<span class="title">${tool.title}</span>` : markup``}
<p>${tool.description}</p></li>`,
  );
  const headers = view.strictHeaders
    ? 'strict (2026-07-28 only, every standard header required)'
    : 'lenient (2025-11-25 clients such as VS Code are served too)';
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stateless MCP Server · ${view.instanceId}</title>
<link rel="icon" href="data:,">
${STYLE_ELEMENT}
</head>
<body>
<main>
<header>
<h1>Stateless MCP Server</h1>
<p>${view.serverName} ${view.version} · horizontally scaled on Azure App Service</p>
</header>
<section id="served-by">
<h2>This response was served by</h2>
<dl>
<dt>Instance ID</dt><dd class="instance" id="instance-id">${view.instanceId}</dd>
<dt>Site</dt><dd>${view.siteName}</dd>
<dt>Slot</dt><dd>${view.slotName}</dd>
<dt>Host</dt><dd>${view.hostname}</dd>
<dt>Served at</dt><dd>${view.servedAt}</dd>
</dl>
<p class="hint">Refresh the page: behind the load balancer another instance may answer, and the instance ID changes. Or let the button below call it many times.</p>
</section>
<section id="balancer">
<h2>Watch the load balancer</h2>
<p>Call <code>whoami</code> over MCP from this page and see which instances answer.</p>
<div id="balancer-controls" hidden>
<label for="whoami-calls">Calls</label><input id="whoami-calls" type="number" min="1" max="500" value="30"><button id="run-whoami" type="button">Call whoami</button>
</div>
<p class="hint" id="whoami-status" aria-live="polite"></p>
<svg id="whoami-chart" width="0" height="0" role="img" aria-label="whoami answers per instance"></svg>
</section>
<section id="endpoint">
<h2>MCP endpoint</h2>
<dl>
<dt>URL</dt><dd><code id="mcp-url">${view.mcpUrl}</code></dd>
<dt>Transport</dt><dd>Stateless HTTP, JSON-RPC 2.0, one message per POST</dd>
<dt>Protocol versions</dt><dd>${view.protocolVersions.join(', ')}</dd>
<dt>Headers</dt><dd>${headers}</dd>
<dt>Handle backend</dt><dd>${view.handleBackend}</dd>
<dt>Tasks</dt><dd>${view.tasks}</dd>
<dt>Admission control</dt><dd>${view.admission}</dd>
<dt>Application Insights</dt><dd>${onOff(view.appInsights)}</dd>
<dt>OTLP export</dt><dd>${onOff(view.otlp)}</dd>
${sampling}
</dl>
</section>
<section id="vscode">
<h2>Connect from VS Code</h2>
<p>Save as <code>.vscode/mcp.json</code> in your workspace:</p>
<pre id="vscode-config">${view.vscodeConfig}</pre>
<button id="copy" type="button" hidden>Copy</button>
</section>
<section id="tools">
<h2>Tools (${view.tools.length})</h2>
<ul class="tools">
${tools}
</ul>
</section>
<footer><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></footer>
</main>
${SCRIPT_ELEMENT}
</body>
</html>
`.value;
}
