// What a pipe and a parameter decorator cost a tool call: `bench_piped` (one pass-through pipe bound
// with @UsePipes, one @McpArgs('message') parameter) against `bench_plain` (the same echo work, no
// enhancers: called directly), in server CPU per call, on bench-server.mjs
// (`npm run bench -- --only pipes`).
import { join } from 'node:path';
import { call, post } from './mcp.mjs';
import { cpuCostOver } from './targets.mjs';

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
export default {
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

