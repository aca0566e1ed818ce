import type { DemoReport } from './demo-report.js';
import { formatTaskRun } from './task-run.printer.js';

/** Renders the demo report for people: one block per step, then the verdict. */
export function formatReport(report: DemoReport): string {
  const lines = [
    `MCP ${report.protocolVersion} client demo → ${report.url}`,
    '',
  ];
  const d = report.discover;
  if (d) {
    lines.push(
      `1. server/discover   ${d.server ? `${d.server.name} ${d.server.version}` : '(no serverInfo)'}`,
    );
    lines.push(
      `                     versions ${d.supportedVersions.join(', ')} · capabilities ${d.capabilities.join(', ') || '(none)'}`,
    );
    lines.push(
      `                     cache hints: ttlMs ${d.ttlMs}, cacheScope ${d.cacheScope}`,
    );
  }
  const t = report.tools;
  if (t) {
    lines.push(
      `2. tools/list        ${t.names.length} tools: ${t.names.join(', ')}`,
    );
    lines.push(
      `                     cache hints: ttlMs ${t.ttlMs} (${seconds(t.ttlMs)}), cacheScope ${t.cacheScope}`,
    );
    lines.push(
      `                     a second tools/list ${t.secondListFromCache ? 'was answered from the cache' : 'went to the server'}`,
    );
  }
  if (report.whoami.length > 0) {
    lines.push(`3. whoami ×${report.whoami.length}`);
    for (const w of report.whoami) {
      lines.push(
        `     #${w.call}  instance ${w.instance_id}${w.slot_name ? `  slot ${w.slot_name}` : ''}  trace ${w.traceparent?.split('-')[1] ?? '-'}`,
      );
    }
  }
  if (report.tally.length > 0) {
    lines.push(
      `4. tally chain ×${report.tally.length} (handle passed back each time)`,
    );
    for (const c of report.tally) {
      const mark = c.total === c.expected ? '✓' : `✗ expected ${c.expected}`;
      lines.push(
        `     #${c.call}  add ${c.add}  → total ${String(c.total).padStart(3)} ${mark}  instance ${c.instance_id}`,
      );
    }
  }
  const m = report.headerMismatch;
  if (m)
    lines.push(
      `5. wrong Mcp-Name    ${m.code !== undefined ? `HTTP ${m.httpStatus}, ${m.code}: ${m.message}` : m.message}`,
    );
  if (report.task) {
    lines.push(
      `6. compute_primes ${JSON.stringify(report.task.arguments)} as a task`,
    );
    for (const line of formatTaskRun(report.task)) lines.push(`     ${line}`);
  }
  const spread = Object.entries(report.instances).map(
    ([id, n]) => `${id} ×${n}`,
  );
  if (spread.length > 0) lines.push('', `Instances seen: ${spread.join(', ')}`);
  lines.push('');
  if (report.ok) lines.push('✓ every check passed');
  else
    lines.push(
      `✗ ${report.failures.length} unexpected result(s):`,
      ...report.failures.map((f) => `  - ${f}`),
    );
  return lines.join('\n');
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
