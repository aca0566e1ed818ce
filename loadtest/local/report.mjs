// What the local run found: the verdict, a text summary for the terminal and a self-contained HTML
// report with an SVG bar chart of the per-instance distribution and a latency histogram.

import { LatencyHistogram } from './histogram.mjs';

/** Latency histogram bucket upper bounds in ms (the last bucket is open). */
const BUCKETS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000,
];
/** Allowed deviation of each instance from an even share (relative: ±10 % of a third for three). */
export const SPREAD_TOLERANCE = 0.1;

/**
 * Exact nearest-rank percentile of a list (the histogram's quantiles are checked against it).
 * @param {number[]} values
 * @param {number} q in (0, 1]
 */
export function percentile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ];
}

/**
 * The run's figures and the pass/fail checks.
 * @param {import('./load.mjs').LoadStats} stats
 * @param {{ instanceIds: string[], backend: string, durationS: number, connections: number, primeLimit: number, nginx: string }} run
 */
export function summarize(stats, run) {
  const total = Object.values(stats.instances).reduce((a, b) => a + b, 0);
  const even = total / run.instanceIds.length;
  const distribution = run.instanceIds.map((id) => {
    const hits = stats.instances[id] ?? 0;
    return {
      id,
      hits,
      share: total ? hits / total : 0,
      deviation: even ? hits / even - 1 : -1,
    };
  });
  const strangers = Object.keys(stats.instances).filter(
    (id) => !run.instanceIds.includes(id),
  );
  const byTool = Object.fromEntries(
    Object.entries(stats.latencies).map(([tool, v]) => [
      tool,
      v instanceof LatencyHistogram ? v : LatencyHistogram.of(v),
    ]),
  );
  const all = new LatencyHistogram();
  for (const h of Object.values(byTool)) all.merge(h);
  const latency = Object.fromEntries(
    [['all', all], ...Object.entries(byTool)].map(([tool, h]) => [
      tool,
      {
        count: h.count,
        p50: h.quantile(0.5),
        p95: h.quantile(0.95),
        p99: h.quantile(0.99),
        max: h.count ? h.max : NaN,
      },
    ]),
  );
  const checks = [
    {
      name: 'zero failed requests',
      ok: stats.failed === 0,
      detail: `${stats.failed} failed of ${stats.requests}`,
    },
    {
      name: 'zero connection resets',
      ok: stats.resets === 0,
      detail: `${stats.resets} resets`,
    },
    {
      name: 'tally totals exact',
      ok: stats.tally.mismatches === 0 && stats.tally.calls > 0,
      detail: `${stats.tally.calls} tally calls in ${stats.tally.chains} chains, ${stats.tally.mismatches} mismatches`,
    },
    {
      name: `each instance within ±${SPREAD_TOLERANCE * 100} % of an even share`,
      ok:
        total > 0 &&
        strangers.length === 0 &&
        distribution.every((d) => Math.abs(d.deviation) <= SPREAD_TOLERANCE),
      detail:
        distribution
          .map((d) => `${d.id} ${signed(d.deviation * 100)} %`)
          .join(', ') +
        (strangers.length
          ? `; unexpected instances ${strangers.join(', ')}`
          : ''),
    },
  ];
  return {
    ok: checks.every((c) => c.ok),
    run,
    requests: stats.requests,
    throughput: stats.requests / (stats.elapsedMs / 1000),
    counted: total,
    distribution,
    latency,
    histogram: Object.fromEntries(
      Object.entries(byTool).map(([tool, h]) => [tool, h.countsBy(BUCKETS)]),
    ),
    failures: Object.entries(stats.failures)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20),
    checks,
  };
}

/** @typedef {ReturnType<typeof summarize>} Summary */

/** @param {Summary} s */
export function formatText(s) {
  const lines = [
    `Per-instance distribution (${s.counted} answered calls, ${s.run.instanceIds.length} instances behind nginx round robin):`,
  ];
  const top = Math.max(1, ...s.distribution.map((d) => d.hits));
  const width = Math.max(8, ...s.distribution.map((d) => d.id.length));
  for (const d of s.distribution) {
    lines.push(
      `  ${d.id.padEnd(width)} ${String(d.hits).padStart(7)}  ${(d.share * 100).toFixed(1).padStart(5)} %  ${'█'.repeat(Math.max(1, Math.round((40 * d.hits) / top)))}`,
    );
  }
  lines.push(
    '',
    `Requests: ${s.requests} in ${s.run.durationS} s (${s.throughput.toFixed(0)} req/s), ${s.run.connections} connections, backend ${s.run.backend}`,
    'Latency (ms):        count      p50      p95      p99',
  );
  for (const [tool, l] of Object.entries(s.latency)) {
    lines.push(
      `  ${tool.padEnd(16)} ${String(l.count).padStart(7)} ${ms(l.p50)} ${ms(l.p95)} ${ms(l.p99)}`,
    );
  }
  lines.push('');
  for (const c of s.checks)
    lines.push(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  if (s.failures.length)
    lines.push(
      'Failures (most frequent first):',
      ...s.failures.map(([f, n]) => `  ${String(n).padStart(6)} × ${f}`),
    );
  return lines.join('\n');
}

/** @param {Summary} s */
export function formatHtml(s) {
  const verdict = s.ok ? 'PASS' : 'FAIL';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local load run — ${verdict}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:60em}
h1 span{padding:0 .4em;border-radius:4px;color:#fff;background:${s.ok ? '#2a7' : '#c33'}}
table{border-collapse:collapse;margin:1em 0}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}.ok{color:#2a7}.bad{color:#c33}
</style></head><body>
<h1>Local load run <span>${verdict}</span></h1>
<p>${s.requests} requests in ${s.run.durationS} s (${s.throughput.toFixed(0)} req/s) through ${esc(s.run.nginx)} round robin to
${s.run.instanceIds.length} instances; ${s.run.connections} autocannon connections (80 % whoami, 20 % compute_primes ${s.run.primeLimit}) plus tally chains;
handle backend <b>${esc(s.run.backend)}</b>.</p>
<h2>Per-instance distribution</h2>
${distributionSvg(s)}
<table><tr><th>instance</th><th>hits</th><th>share</th><th>vs even</th></tr>
${s.distribution.map((d) => `<tr><td>${esc(d.id)}</td><td>${d.hits}</td><td>${(d.share * 100).toFixed(1)} %</td><td>${signed(d.deviation * 100)} %</td></tr>`).join('\n')}
</table>
<h2>Latency</h2>
${histogramSvg(s)}
<table><tr><th>tool</th><th>count</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>
${Object.entries(s.latency)
  .map(
    ([tool, l]) =>
      `<tr><td>${esc(tool)}</td><td>${l.count}</td><td>${fixed(l.p50)}</td><td>${fixed(l.p95)}</td><td>${fixed(l.p99)}</td><td>${fixed(l.max)}</td></tr>`,
  )
  .join('\n')}
</table>
<h2>Checks</h2>
<ul>${s.checks.map((c) => `<li class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓' : '✗'} ${esc(c.name)}: ${esc(c.detail)}</li>`).join('')}</ul>
${s.failures.length ? `<h2>Failures</h2><ul>${s.failures.map(([f, n]) => `<li>${n} × ${esc(f)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

/** @param {Summary} s */
function distributionSvg(s) {
  const barW = 90;
  const gap = 40;
  const h = 220;
  const top = Math.max(1, ...s.distribution.map((d) => d.hits)) * 1.15;
  const w = s.distribution.length * (barW + gap) + gap;
  const y = (/** @type {number} */ v) => h - 30 - (v / top) * (h - 50);
  const even = s.counted / Math.max(1, s.distribution.length);
  const band = `<rect x="0" y="${y(even * (1 + SPREAD_TOLERANCE))}" width="${w}" height="${y(even * (1 - SPREAD_TOLERANCE)) - y(even * (1 + SPREAD_TOLERANCE))}" fill="#2a7" opacity="0.12"/>
<line x1="0" x2="${w}" y1="${y(even)}" y2="${y(even)}" stroke="#2a7" stroke-dasharray="4 3"/>`;
  const bars = s.distribution
    .map((d, i) => {
      const x = gap + i * (barW + gap);
      return `<rect x="${x}" y="${y(d.hits)}" width="${barW}" height="${h - 30 - y(d.hits)}" fill="${Math.abs(d.deviation) <= SPREAD_TOLERANCE ? '#3a7bd5' : '#c33'}"/>
<text x="${x + barW / 2}" y="${y(d.hits) - 6}" text-anchor="middle">${d.hits} (${(d.share * 100).toFixed(1)} %)</text>
<text x="${x + barW / 2}" y="${h - 10}" text-anchor="middle">${esc(d.id)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-size="12" role="img" aria-label="hits per instance">
${band}
${bars}
</svg><p><small>Dashed line: an even share; band: ±${SPREAD_TOLERANCE * 100} %.</small></p>`;
}

/** @param {Summary} s */
function histogramSvg(s) {
  const tools = Object.keys(s.histogram);
  const colors = ['#3a7bd5', '#e08a1e', '#8a4fbf', '#2a7'];
  const labels = [
    ...BUCKETS.map((b) => `≤${b}`),
    `>${BUCKETS[BUCKETS.length - 1]}`,
  ];
  const colW = 44;
  const h = 240;
  const w = labels.length * colW + 60;
  const top = Math.max(
    1,
    ...labels.map((_, i) =>
      tools.reduce((sum, t) => sum + s.histogram[t][i], 0),
    ),
  );
  const cols = labels
    .map((label, i) => {
      let acc = 0;
      const x = 50 + i * colW;
      const stack = tools
        .map((t, k) => {
          const n = s.histogram[t][i];
          const y0 = h - 40 - ((acc + n) / top) * (h - 60);
          const rect = n
            ? `<rect x="${x}" y="${y0}" width="${colW - 4}" height="${(n / top) * (h - 60)}" fill="${colors[k % colors.length]}"><title>${esc(t)} ${label} ms: ${n}</title></rect>`
            : '';
          acc += n;
          return rect;
        })
        .join('');
      return `${stack}<text x="${x + (colW - 4) / 2}" y="${h - 24}" text-anchor="middle" font-size="10">${label}</text>`;
    })
    .join('\n');
  const legend = tools
    .map(
      (t, k) =>
        `<rect x="${60 + k * 130}" y="4" width="10" height="10" fill="${colors[k % colors.length]}"/><text x="${74 + k * 130}" y="13">${esc(t)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-size="12" role="img" aria-label="latency histogram">
${legend}
<text x="50" y="${h - 6}">latency bucket (ms); bar height = requests (max ${top})</text>
${cols}
</svg>`;
}

/** @param {number} v */
const ms = (v) => fixed(v).padStart(8);
/** @param {number} v */
const fixed = (v) => (Number.isFinite(v) ? v.toFixed(1) : '-');
/** @param {number} v */
const signed = (v) => {
  const text = Math.abs(v).toFixed(1);
  return text === '0.0' ? '±0.0' : `${v > 0 ? '+' : '-'}${text}`;
};
/** @param {string} text */
const esc = (text) =>
  String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
