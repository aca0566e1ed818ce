// node test/k6-shim/run.mjs <script> <vus> <iterations>: setup(), the iterations per VU (each VU a
// fresh module instance, as in k6), handleSummary(); prints one JSON document with what happened.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
const [script, vus = '2', iterations = '5'] = process.argv.slice(2);
const { state } = await import('./state.mjs');
globalThis.__ENV = { ...process.env };
const scriptUrl = new URL(script, `file://${process.cwd()}/`).href;

const first = await import(`${scriptUrl}?vu=0`);
const data = first.setup ? first.setup() : undefined;
for (let vu = 1; vu <= Number(vus); vu++) {
  const mod = await import(`${scriptUrl}?vu=${vu}`);
  globalThis.__VU = vu;
  for (let iter = 0; iter < Number(iterations); iter++) {
    globalThis.__ITER = iter;
    mod.default(data);
  }
}

const checksOf = (path) =>
  [...(state.checks.get(path) ?? new Map())].map(([name, c]) => ({
    name,
    path: `::${path}::${name}`,
    ...c,
  }));
const groupPaths = [...state.checks.keys()].filter((p) => p !== '');
const summaryData = {
  root_group: {
    name: '',
    path: '',
    checks: checksOf(''),
    groups: groupPaths.map((p) => ({
      name: p,
      path: `::${p}`,
      checks: checksOf(p),
      groups: [],
    })),
  },
  metrics: Object.fromEntries(
    [...state.metrics].map(([name, samples]) => [
      name,
      { values: { count: samples.length } },
    ]),
  ),
};
const summary = first.handleSummary ? first.handleSummary(summaryData) : {};

const metrics = Object.fromEntries(
  [...state.metrics].map(([name, samples]) => [name, samples]),
);
process.stdout.write(
  JSON.stringify({
    options: first.options,
    checks: summaryData.root_group,
    metrics,
    requests: state.requests,
    summary,
  }) + '\n',
);
