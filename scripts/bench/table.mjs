// The one table a run ends with: a row per measured server (medians over the rounds), then every
// target with its value, bound and PASS/FAIL, and the figures that decide nothing. Markdown, so a
// run on a quiet machine pastes into docs/performance.md as it is.

/** A markdown table with padded cells; `align` holds 'l' or 'r' per column. */
export function markdownTable(head, rows, align) {
  const widths = head.map((h, i) =>
    Math.max(h.length, 3, ...rows.map((r) => r[i].length)),
  );
  const pad = (cell, i) =>
    align[i] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
  const line = (cells) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

const fixed =
  (digits, suffix = '') =>
  (v) =>
    v === undefined
      ? ''
      : `${v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${suffix}`;
/** Latencies: whole milliseconds as autocannon reports them, otherwise one decimal. */
const ms = (v) =>
  v === undefined ? '' : `${Number.isInteger(v) ? v : v.toFixed(1)} ms`;

const COLUMNS = [
  ['req/s', 'rps', fixed(0)],
  ['req/CPU-s', 'perCpuSecond', fixed(0)],
  ['CPU µs/call', 'cpuUs', fixed(1)],
  ['p50', 'p50', ms],
  ['p99', 'p99', ms],
  ['RSS', 'rss', fixed(0, ' MB')],
];

/**
 * @param {{
 *   header: string,
 *   notes: string[],
 *   results: import('./targets.mjs').Results,
 *   checks: import('./targets.mjs').Check[],
 * }} report
 */
export function formatReport({ header, notes, results, checks }) {
  const out = [header, ...notes.map((n) => `- ${n}`), ''];
  const servers = results.ids().map((id) => {
    const m = results.median(id);
    return [m.label, ...COLUMNS.map(([, key, format]) => format(m[key]))];
  });
  if (servers.length)
    out.push(
      markdownTable(['server', ...COLUMNS.map(([title]) => title)], servers, [
        'l',
        ...COLUMNS.map(() => 'r'),
      ]),
      '',
    );
  if (checks.length)
    out.push(
      markdownTable(
        ['target', 'value', 'bound', 'result', 'detail'],
        checks.map((c) => [c.name, c.value, c.bound, c.status, c.detail]),
        ['l', 'r', 'r', 'l', 'l'],
      ),
      '',
    );
  const failed = checks.filter((c) => c.status === 'FAIL').length;
  const targets = checks.filter((c) => c.status !== 'info').length;
  out.push(
    failed
      ? `${failed} of ${targets} targets FAILED`
      : targets === 0
        ? 'no targets in the benches run'
        : targets === 1
          ? 'the target holds'
          : `all ${targets} targets hold`,
  );
  return `${out.join('\n')}\n`;
}
