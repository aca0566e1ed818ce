// The hot path: `echo` through the whole stack against a bare node:http server doing the same
// JSON work (read, parse, check Mcp-Method and Mcp-Name, answer).
import { RAW_ECHO, THIS_ECHO, rawEcho, thisEcho } from './servers.mjs';
import { ratio } from './targets.mjs';

/** @type {import('./targets.mjs').Bench} */
export default {
  name: 'echo',
  measures: "this build's echo against bare node:http doing the same JSON work",
  async round(ctx) {
    await ctx.measure(rawEcho(ctx));
    await ctx.measure(thisEcho(ctx));
  },
  targets: [
    {
      name: 'echo / raw node:http',
      bound: { op: '>=', value: 0.55, unit: '×' },
      protects: 'the hot path of POST /mcp (the hot-path budget)',
      measure: (results) => ratio(results, THIS_ECHO, RAW_ECHO),
    },
  ],
};
