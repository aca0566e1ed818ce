// What a pipe and a parameter decorator cost a tool call: `bench_piped` (one pass-through pipe bound
// with @UsePipes, one @McpArgs('message') parameter) against `bench_plain` (the same echo work, no
// enhancers: called directly), in server CPU per call, on bench-server.mjs. A bench module of
// scripts/bench/registry.mjs's kind (see docs/performance.md, "Adding a bench"), also runnable on
// its own with the same runner, table and exit code:
//
//   node scripts/bench/pipes.mjs      (after `npm run build`; exit 1 when its target is missed)
//
// Environment as `npm run bench`: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_ROUNDS (default 2).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCli } from './cli.mjs';
import { call, post } from './mcp.mjs';
import { pinning, runBenches } from './runner.mjs';
import { formatReport } from './table.mjs';
import { cpuCostOver, evaluate, exitCode } from './targets.mjs';

/**
 * Checks that the pipe and the parameter decorator really run around `bench_piped` and nothing
 * around `bench_plain` (the pipe refuses "deny" with 400; the tool answers with the parameter's
 * value), then returns the request to drive: `tool` with echo's arguments.
 */
const pipedCheck = (tool) => async (url) => {
  const denied = await post(url, call('bench_piped', { message: 'deny' }));
  const piped = await post(url, call('bench_piped', { message: 'via param' }));
  const plain = await post(url, call('bench_plain', { message: 'deny' }));
  if (
    denied.status !== 400 ||
    piped.body.result?.structuredContent?.message !== 'via param' ||
    plain.body.result?.structuredContent?.message !== 'deny'
  )
    throw new Error(
      `bench-server's pipe or parameter decorator is not wired as expected: ${JSON.stringify({ denied, piped, plain })}`,
    );
  return call(tool, { message: 'hi' });
};

/** @type {import('./targets.mjs').Bench} */
const pipes = {
  name: 'pipes',
  measures:
    'a tool with one pipe and one parameter decorator against the same tool without',
  async round(ctx) {
    const server = ctx.startNode(
      join(ctx.root, 'scripts/bench/bench-server.mjs'),
    );
    for (const tool of ['bench_plain', 'bench_piped'])
      await ctx.measure({
        id: tool,
        label:
          tool === 'bench_plain'
            ? 'bench_plain'
            : 'bench_piped (pipe + parameter decorator)',
        start: server,
        prepare: pipedCheck(tool),
      });
  },
  targets: [
    {
      name: 'pipe + parameter decorator, CPU per call',
      bound: { op: '<=', value: 20, unit: 'µs' },
      protects:
        'the extension model: what one pipe and one parameter decorator add to a tool',
      measure: (results) => cpuCostOver(results, 'bench_piped', 'bench_plain'),
    },
  ],
};
export default pipes;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    if (!existsSync(join(root, 'dist/index.js')))
      throw new Error('dist/ is missing: run `npm run build` first');
    const options = parseCli([], process.env, [pipes.name]);
    const { results, failures, notes } = await runBenches([pipes], {
      root,
      options,
    });
    const checks = evaluate([pipes], results, failures);
    const header =
      `\nscripts/bench/pipes.mjs: ${options.duration} s x ${options.rounds} rounds (medians), ` +
      `${options.connections} connections, Node ${process.version}, ${pinning}`;
    process.stdout.write(formatReport({ header, notes, results, checks }));
    process.exitCode = exitCode(checks);
  } catch (err) {
    process.stderr.write(`bench pipes: ${err.message}\n`);
    process.exitCode = 1;
  }
}
