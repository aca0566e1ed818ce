// What a stateful call costs: `tally` continuing one handle (every call verifies, updates and
// re-issues it) on each handle backend, next to `echo` in the same round. Figures only: the cost
// is jose's HMAC (signed) or a Redis round trip (redis), accepted by design (docs/performance.md,
// "Targets").
import { join } from 'node:path';
import { call, post } from './mcp.mjs';
import { THIS_ECHO, thisEcho } from './servers.mjs';
import { ratio } from './targets.mjs';

/** The request to drive: a tally call passing back the handle a first call minted. */
const tallyChain = async (url) => {
  const first = await post(url, call('tally', { add: 1 }));
  const handle = first.body.result?.structuredContent?.handle;
  if (first.status !== 200 || first.body.result?.isError || !handle)
    throw new Error(`tally: ${JSON.stringify(first.body)}`);
  return call('tally', { handle, add: 1 });
};

/** @type {import('./targets.mjs').Bench} */
export default {
  name: 'tally',
  measures: 'tally continuing a handle, signed and Redis backends, beside echo',
  needs: 'Redis at REDIS_URL',
  async round(ctx) {
    const main = join(ctx.root, 'dist/main.js');
    await ctx.measure(thisEcho(ctx));
    await ctx.measure({
      id: 'tally-signed',
      label: 'tally, signed handles',
      start: ctx.startNode(main),
      prepare: tallyChain,
    });
    await ctx.measure({
      id: 'tally-redis',
      label: 'tally, redis handles',
      start: ctx.startNode(main, {
        env: {
          HANDLE_BACKEND: 'redis',
          REDIS_URL: ctx.options.redisUrl,
          REDIS_KEY_PREFIX: `bench:${process.pid}:`,
        },
      }),
      prepare: tallyChain,
    });
  },
  figures: [
    {
      name: 'tally signed / echo',
      unit: '×',
      measure: (results) => ratio(results, 'tally-signed', THIS_ECHO),
    },
    {
      name: 'tally redis / echo',
      unit: '×',
      measure: (results) => ratio(results, 'tally-redis', THIS_ECHO),
    },
  ],
};
