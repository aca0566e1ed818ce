// This build's echo against the same echo built from the base commit (the `main` branch of this
// checkout unless --compare or BENCH_BASE name another ref), side by side in every round. On a
// machine shared with other work only such a same-run comparison means anything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './cli.mjs';
import { RAW_ECHO, THIS_ECHO, thisEcho } from './servers.mjs';
import { ratio } from './targets.mjs';

const BASE_ECHO = 'base-echo';

const git = (root, args) =>
  execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();

/** The commit `ref` names in the checkout at `root`, or undefined. */
function commitOf(root, ref) {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

/**
 * The base: the ref asked for, else `main` (or `origin/main` in a clone without a local `main`),
 * resolved once so a `main` that moves during the run changes nothing.
 */
function resolveBase(root, asked) {
  const refs = asked ? [asked] : ['main', 'origin/main'];
  for (const ref of refs) {
    const sha = commitOf(root, ref);
    if (sha) return { ref, sha };
  }
  throw new UsageError(
    asked
      ? `--compare: '${asked}' is not a commit in this repository`
      : "no 'main' branch in this checkout: name a base with --compare REF, or leave compare out with --no-compare",
  );
}

/** A detached worktree of `sha` in a temporary directory, built with nest; removed at cleanup. */
function buildBase(ctx, { ref, sha }) {
  const { root } = ctx;
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-base-'));
  rmSync(dir, { recursive: true }); // git worktree add wants to create it
  ctx.progress(`building ${ref} (${sha.slice(0, 7)}) in ${dir}`);
  execFileSync('git', ['worktree', 'add', '--detach', dir, sha], {
    cwd: root,
    stdio: 'ignore',
  });
  ctx.onCleanup(() => {
    // Unlink node_modules first, so nothing below can ever reach the shared packages.
    rmSync(join(dir, 'node_modules'), { force: true });
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], {
        cwd: root,
        stdio: 'ignore',
      });
    } catch {
      rmSync(dir, { recursive: true, force: true });
      execFileSync('git', ['worktree', 'prune'], {
        cwd: root,
        stdio: 'ignore',
      });
    }
  });
  // The packages installed for this checkout: the comparison is of our code, not of dependencies.
  symlinkSync(
    realpathSync(join(root, 'node_modules')),
    join(dir, 'node_modules'),
    'dir',
  );
  try {
    execFileSync(
      process.execPath,
      [join(dir, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'],
      { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (err) {
    throw new Error(
      `building ${ref} failed:\n${`${err.stdout ?? ''}${err.stderr ?? ''}`.slice(-4000)}`,
    );
  }
  return dir;
}

let base;

/** @type {import('./targets.mjs').Bench} */
export default {
  name: 'compare',
  measures: "this build's echo beside echo built from the base commit (main)",
  async setup(ctx) {
    const { ref, sha } = resolveBase(ctx.root, ctx.options.compare);
    const head = commitOf(ctx.root, 'HEAD');
    const dirty =
      git(ctx.root, ['status', '--porcelain', '--untracked-files=no']) !== '';
    const short = sha.slice(0, 7);
    const name = sha.startsWith(ref) ? short : `${ref} ${short}`;
    ctx.note(`base: ${name}, built in a temporary worktree`);
    if (head === sha)
      ctx.note(
        dirty
          ? 'HEAD is the base commit, with uncommitted changes: the comparison measures those changes'
          : 'HEAD is the base commit: this is an A/A run, two builds of the same code; their ratio shows the noise',
      );
    const dir = buildBase(ctx, { ref, sha });
    base = {
      id: BASE_ECHO,
      label: `echo, ${name}`,
      start: ctx.startNode(join(dir, 'dist/main.js'), { cwd: dir }),
    };
  },
  async round(ctx) {
    // Alternate which side goes first, so a drift within a round favours neither.
    const pair = [base, thisEcho(ctx)];
    if (ctx.round % 2) pair.reverse();
    for (const server of pair) await ctx.measure(server);
  },
  targets: [
    {
      name: 'echo / base echo',
      bound: { op: '>=', value: 0.95, unit: '×' },
      protects: 'every change against the main it merges into',
      measure: (results) => ratio(results, THIS_ECHO, BASE_ECHO),
    },
  ],
  figures: [
    {
      name: 'base echo / raw node:http',
      unit: '×',
      measure: (results) => ratio(results, BASE_ECHO, RAW_ECHO),
    },
  ],
};
