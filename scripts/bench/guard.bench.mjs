// What the extension model costs: a tool with one guard and one interceptor (`bench_guarded`)
// against the same tool without them (`bench_plain`), in server CPU per call, on a bench-only
// server (bench-server.mjs) that boots the production application plus those two tools.
import { join } from 'node:path';
import { call, post } from './mcp.mjs';
import { cpuCostOver } from './targets.mjs';

/**
 * Checks that the guard and the interceptor really run around `bench_guarded` and not around
 * `bench_plain` (see bench-server.mjs), then returns the request to drive: `tool` with echo's
 * arguments. So the figure includes both, and a bench server that lost them fails loudly.
 */
const enhancedCheck = (tool) => async (url) => {
  const denied = await post(url, call('bench_guarded', { message: 'deny' }));
  const boom = await post(url, call('bench_guarded', { message: 'boom' }));
  const plain = await post(url, call('bench_plain', { message: 'deny' }));
  if (
    denied.status !== 403 ||
    boom.body.result?.isError !== true ||
    plain.body.result?.structuredContent?.message !== 'deny'
  )
    throw new Error(
      `bench-server's guard or interceptor is not wired as expected: ${JSON.stringify({ denied, boom, plain })}`,
    );
  return call(tool, { message: 'hi' });
};

/** @type {import('./targets.mjs').Bench} */
export default {
  name: 'guard',
  measures:
    'a tool with one guard and one interceptor against the same tool without',
  async round(ctx) {
    const server = ctx.startNode(
      join(ctx.root, 'scripts/bench/bench-server.mjs'),
    );
    for (const tool of ['bench_plain', 'bench_guarded'])
      await ctx.measure({
        id: tool,
        label:
          tool === 'bench_plain'
            ? 'bench_plain'
            : 'bench_guarded (guard + interceptor)',
        start: server,
        prepare: enhancedCheck(tool),
      });
  },
  targets: [
    {
      name: 'guard + interceptor, CPU per call',
      bound: { op: '<=', value: 20, unit: 'µs' },
      protects:
        'the extension model: what one guard and one interceptor add to a tool',
      measure: (results) =>
        cpuCostOver(results, 'bench_guarded', 'bench_plain'),
    },
  ],
};
