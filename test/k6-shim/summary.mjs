// Stand-in for jslib's textSummary: a line per check, so the test can see it was called.
export function textSummary(data) {
  const lines = ['(k6 shim text summary)'];
  const walk = (group, prefix) => {
    for (const c of group.checks)
      lines.push(`${prefix}${c.fails ? '✗' : '✓'} ${c.name}`);
    for (const g of group.groups) walk(g, `${prefix}  `);
  };
  walk(data.root_group, '');
  return lines.join('\n');
}
