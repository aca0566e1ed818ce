// Servers more than one bench measures. A bench that names the same id as another shares its
// measurement in a round instead of measuring the server twice.
import { join } from 'node:path';

/** Ids of the shared servers, as targets and figures refer to them. */
export const RAW_ECHO = 'raw-echo';
export const THIS_ECHO = 'echo';

/**
 * A bare node:http server doing echo's JSON work and nothing else: the baseline.
 * @param {import('./runner.mjs').BenchContext} ctx
 * @returns {import('./runner.mjs').Server}
 */
export const rawEcho = (ctx) => ({
  id: RAW_ECHO,
  label: 'raw node:http echo',
  start: ctx.startNode(join(ctx.root, 'scripts/bench/raw-server.mjs')),
});

/**
 * This build's server (`dist/main.js`) driven with `echo`.
 * @param {import('./runner.mjs').BenchContext} ctx
 * @returns {import('./runner.mjs').Server}
 */
export const thisEcho = (ctx) => ({
  id: THIS_ECHO,
  label: 'echo, this build',
  start: ctx.startNode(join(ctx.root, 'dist/main.js')),
});
