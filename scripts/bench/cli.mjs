// The command line of `npm run bench`: options, environment and the help text, read once at start.
// Pure (no I/O), so its errors can be tested without running a bench.
import { parseArgs } from 'node:util';
import { formatBound } from './targets.mjs';

/** A mistake in how the bench was called: exit code 2, with the usage text. */
export class UsageError extends Error {}

/**
 * @typedef {{
 *   help: boolean,
 *   only: string[],
 *   compare: string | undefined,
 *   duration: number,
 *   connections: number,
 *   rounds: number,
 *   redisUrl: string,
 *   overloadSeconds: number,
 *   overloadCompare: boolean,
 * }} BenchOptions
 */

/** A positive number from the environment, or the default; anything else is a usage error. */
function positive(env, name, fallback, integer) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  )
    throw new UsageError(
      `${name}=${raw}: expected a positive ${integer ? 'integer' : 'number'}`,
    );
  return value;
}

/**
 * Reads the command line and the environment.
 * @param {string[]} argv the arguments after the script's path
 * @param {Record<string, string | undefined>} env
 * @param {string[]} names every registered bench, in registry order
 * @param {string[]} [defaults] the benches a run without --only runs (default: all of them)
 * @returns {BenchOptions}
 */
export function parseCli(argv, env, names, defaults = names) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        compare: { type: 'string' },
        'no-compare': { type: 'boolean' },
        'overload-compare': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err.message);
  }
  const help = values.help === true;
  const asked = values.only
    ? values.only.split(',').map((s) => s.trim())
    : [...defaults];
  const unknown = asked.filter((b) => !names.includes(b));
  if (unknown.length)
    throw new UsageError(`unknown bench: ${unknown.join(', ')}`);
  if (values.compare !== undefined && values['no-compare'])
    throw new UsageError('--compare and --no-compare contradict each other');
  if (values.compare === '') throw new UsageError('--compare needs a git ref');
  const selected = new Set(asked);
  if (values.compare !== undefined) selected.add('compare');
  if (values['no-compare']) selected.delete('compare');
  if (selected.size === 0 && !help) throw new UsageError('no bench selected');
  const overloadCompare = env.BENCH_OVERLOAD_COMPARE ?? '';
  if (!['', '0', '1'].includes(overloadCompare))
    throw new UsageError(
      `BENCH_OVERLOAD_COMPARE=${overloadCompare}: expected 1 or 0`,
    );
  return {
    help,
    only: names.filter((n) => selected.has(n)),
    compare: values.compare ?? (env.BENCH_BASE || undefined),
    duration: positive(env, 'BENCH_DURATION', 10, false),
    connections: positive(env, 'BENCH_CONNECTIONS', 50, true),
    rounds: positive(env, 'BENCH_ROUNDS', 2, true),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    overloadSeconds: positive(env, 'BENCH_OVERLOAD_SECONDS', 60, false),
    overloadCompare:
      values['overload-compare'] === true || overloadCompare === '1',
  };
}

/**
 * The help text, written from the registry so it lists every bench and target there is.
 * @param {import('./targets.mjs').Bench[]} benches
 */
export function usage(benches) {
  const width = Math.max(...benches.map((b) => b.name.length));
  const list = benches
    .map(
      (b) =>
        `                   ${b.name.padEnd(width)}  ${b.measures}${b.needs ? ` (needs ${b.needs})` : ''}${b.onRequest ? ' (on request only)' : ''}`,
    )
    .join('\n');
  const targets = benches
    .flatMap((b) =>
      (b.targets ?? []).map(
        (t) => `  ${b.name}: ${t.name} ${formatBound(t.bound)}`,
      ),
    )
    .join('\n');
  return `Usage: node scripts/bench.mjs [options]   (npm run bench -- [options] builds first)

Options:
  --only LIST      comma-separated benches to run (default: all but those marked
                   'on request only'):
${list}
  --compare REF    git ref to compare echo against (default: $BENCH_BASE, else the
                   'main' branch of this checkout, resolved to a commit at start);
                   built in a temporary git worktree, removed at the end
  --no-compare     same as leaving compare out of --only
  --overload-compare
                   also run the overload bench's runs with admission control off
                   (MCP_ADMISSION=0), as figures: the "before" picture
  -h, --help       print this and exit

Environment: BENCH_DURATION (s per measurement, default 10), BENCH_CONNECTIONS (default 50),
BENCH_ROUNDS (default 2; each round measures every server once, in turn), BENCH_BASE (base
ref), REDIS_URL (default redis://127.0.0.1:6379), BENCH_OVERLOAD_SECONDS (s per overload
run, default 60), BENCH_OVERLOAD_COMPARE=1 (same as --overload-compare).

Targets (a ratio holds on req/s or on requests per CPU-second, whichever is higher):
${targets}

Exit code: 0 when every target of the benches run holds, 1 when one fails or a bench
cannot run, 2 on a usage error.
`;
}
