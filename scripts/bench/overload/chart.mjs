// Draws the overload bench's time series as one SVG, by hand (no chart library): for each run,
// (a) 2,000 closed-loop echo connections and (b) the open loop at 5× capacity, the admitted and
// refused calls per second, then the slowest /healthz probe of each second (log scale; a failed
// probe is a red mark), admission on (solid) against off (dashed).
//   node scripts/bench/overload/chart.mjs [bench-results dir] [out.svg]
// Defaults: bench-results/ (overload-on.json, overload-off.json; either may be missing) and
// docs/img/overload.svg.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const [
  dir = join(root, 'bench-results'),
  out = join(root, 'docs/img/overload.svg'),
] = process.argv.slice(2);

const modes = ['on', 'off']
  .map((mode) => join(dir, `overload-${mode}.json`))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')));
if (!modes.length) {
  process.stderr.write(
    `chart: no overload-on.json or overload-off.json in ${dir}: run \`npm run bench -- --only overload --overload-compare\` first\n`,
  );
  process.exit(1);
}

const W = 1000;
const PANEL = { w: 420, h: 190 };
const LEFT = [70, 570];
const TOP = [80, 330];
const COLOR = {
  admitted: '#2a6fdb',
  refused: '#e8831a',
  health: '#7b3fb5',
  failed: '#d62728',
};
const RUNS = [
  ['closed', '(a) 2,000 closed-loop echo connections'],
  ['open', '(b) open loop at 5× capacity, ½ bench_burn + ½ echo'],
];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x, y, s, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;
const line = (x1, y1, x2, y2, attrs) =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attrs}/>`;
const k = (v) => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : String(v));

/** A round upper bound for an axis: 1, 2, 2.5, 4 or 5 times a power of ten. */
const niceMax = (v) => {
  const p = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  return [1, 2, 2.5, 4, 5, 10].map((m) => m * p).find((m) => m >= v);
};

/** One panel's frame, grid and labels; returns the mapping of data to the panel's pixels. */
function frame(svg, x0, y0, { xMax, yTicks, y, yLabel, title }) {
  const px = (t) => x0 + (t / xMax) * PANEL.w;
  svg.push(text(x0, y0 - 10, title, 'font-weight="bold"'));
  for (const v of yTicks) {
    const py = y0 + PANEL.h - y(v) * PANEL.h;
    svg.push(line(x0, py, x0 + PANEL.w, py, 'stroke="#ddd"'));
    svg.push(text(x0 - 6, py + 4, k(v), 'text-anchor="end"'));
  }
  for (let t = 0; t <= xMax; t += xMax > 30 ? 10 : xMax > 10 ? 5 : 1)
    svg.push(text(px(t), y0 + PANEL.h + 16, `${t}`, 'text-anchor="middle"'));
  svg.push(
    `<rect x="${x0}" y="${y0}" width="${PANEL.w}" height="${PANEL.h}" fill="none" stroke="#888"/>`,
    text(
      x0 - 52,
      y0 + PANEL.h / 2,
      yLabel,
      `transform="rotate(-90 ${x0 - 52} ${y0 + PANEL.h / 2})" text-anchor="middle"`,
    ),
  );
  return (t, v) => [
    px(t),
    y0 + PANEL.h - Math.min(1, Math.max(0, y(v))) * PANEL.h,
  ];
}

/**
 * Polylines through the seconds of `rows` that have a value, broken where one has none (a second
 * whose probes all failed has no latency); dashed for admission off, a lone second as a dot.
 */
const path = (rows, pick, map, color, mode) => {
  const segments = [[]];
  for (const r of rows)
    if (pick(r) === undefined) segments.push([]);
    else segments.at(-1).push(map(r.t + 0.5, pick(r)).map((n) => n.toFixed(1)));
  const style = `fill="none" stroke="${color}" stroke-width="1.8"${mode === 'off' ? ' stroke-dasharray="6 4"' : ''}`;
  return segments
    .filter((points) => points.length)
    .map(([first, ...rest]) =>
      rest.length
        ? `<polyline points="${[first, ...rest].join(' ')}" ${style}/>`
        : `<circle cx="${first[0]}" cy="${first[1]}" r="2.5" ${style}/>`,
    )
    .join('\n');
};

/** A dotted line across a panel: the end of the load, the probes' bound. */
const dotted = (x1, y1, x2, y2, color) =>
  line(x1, y1, x2, y2, `stroke="${color}" stroke-dasharray="2 3"`);

const svg = [];
const seconds = Math.max(...modes.map((m) => m.seconds));
RUNS.forEach(([run, title], col) => {
  const all = modes.flatMap((m) => m.runs[run]?.series ?? []);
  const xMax = Math.max(seconds, ...all.map((r) => r.t + 1));
  const rpsMax = niceMax(
    Math.max(1, ...all.map((r) => Math.max(r.admitted, r.refused))),
  );
  const rps = frame(svg, LEFT[col], TOP[0], {
    xMax,
    yTicks: [0, rpsMax / 2, rpsMax],
    y: (v) => v / rpsMax,
    yLabel: 'calls / s',
    title,
  });
  const LOG = [1, 10, 100, 1000, 2000];
  const health = frame(svg, LEFT[col], TOP[1], {
    xMax,
    yTicks: LOG,
    y: (v) => Math.log10(Math.max(v, 1)) / Math.log10(2000),
    yLabel: '/healthz, slowest probe (ms)',
    title: '/healthz every 100 ms, new connection (2 s timeout)',
  });
  const end = rps(seconds, 0)[0];
  const limit = health(0, 100)[1];
  svg.push(
    dotted(end, TOP[0], end, TOP[0] + PANEL.h, '#999'),
    dotted(LEFT[col], limit, LEFT[col] + PANEL.w, limit, COLOR.failed),
  );
  for (const m of modes) {
    const rows = m.runs[run]?.series ?? [];
    svg.push(path(rows, (r) => r.admitted, rps, COLOR.admitted, m.mode));
    svg.push(path(rows, (r) => r.refused, rps, COLOR.refused, m.mode));
    svg.push(path(rows, (r) => r.healthMaxMs, health, COLOR.health, m.mode));
    // Failed probes: a mark at the top, on the first line for admission on, the second for off.
    for (const r of rows.filter((r) => r.healthFailed)) {
      const [x, y] = health(r.t + 0.5, 2000);
      const dy = m.mode === 'on' ? 12 : 24;
      svg.push(
        text(x, y + dy, '×', `fill="${COLOR.failed}" text-anchor="middle"`),
      );
    }
  }
});

const legend = [
  [COLOR.admitted, 'admitted (200) / s'],
  [COLOR.refused, 'refused (503, 429) / s'],
  [COLOR.health, 'slowest /healthz of the second'],
  [COLOR.failed, '× failed probes (upper row: on, lower: off)'],
];
legend.forEach(([color, label], i) => {
  const x = [70, 260, 470, 730][i];
  svg.push(
    line(x, 44, x + 24, 44, `stroke="${color}" stroke-width="2.5"`),
    text(x + 30, 48, label),
  );
});
const caption = modes
  .map(
    (m) =>
      `admission ${m.mode}${m.mode === 'off' ? ' (dashed)' : ' (solid)'}: capacity ${Math.round(m.capacityRps)} req/s, ${m.seconds} s per run${m.when ? `, ${m.when.slice(0, 16).replace('T', ' ')} UTC` : ''}`,
  )
  .join('; ');
svg.push(
  text(
    W / 2,
    22,
    'Overload: one instance, server on one core',
    'text-anchor="middle" font-weight="bold" font-size="15"',
  ),
  text(W / 2, 560, `${caption}.`, 'text-anchor="middle"'),
  text(
    W / 2,
    578,
    'Seconds on the x axis; the grey dotted line ends the load, the red one is the 100 ms bound of the probes.',
    'text-anchor="middle"',
  ),
);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="590" viewBox="0 0 ${W} 590" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n${svg.filter(Boolean).join('\n')}\n</svg>\n`,
);
process.stderr.write(`chart: wrote ${out}\n`);
