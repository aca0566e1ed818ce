// `npm run bench`: runs the benches of scripts/bench/registry.mjs round by round (each one a module
// of its own, see docs/performance.md), then prints one table: every measured server, every target
// with PASS/FAIL, and the figures. Exit 0 when every target holds, 1 when one fails or a bench
// cannot run, 2 on a usage error. `node scripts/bench.mjs --help` for the options.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, usage, UsageError } from './bench/cli.mjs';
import { BENCHES } from './bench/registry.mjs';
import { pinning, runBenches } from './bench/runner.mjs';
import { formatReport } from './bench/table.mjs';
import { evaluate, exitCode } from './bench/targets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const help = usage(BENCHES);

async function main() {
  const options = parseCli(
    process.argv.slice(2),
    process.env,
    BENCHES.map((b) => b.name),
    BENCHES.filter((b) => !b.onRequest).map((b) => b.name),
  );
  if (options.help) {
    process.stdout.write(help);
    return 0;
  }
  if (!existsSync(join(root, 'dist/main.js')))
    throw new Error(
      'dist/main.js is missing: run `npm run bench` (it builds first) or `npm run build`',
    );
  const benches = BENCHES.filter((b) => options.only.includes(b.name));
  const { results, failures, notes } = await runBenches(benches, {
    root,
    options,
  });
  const checks = evaluate(benches, results, failures);
  const header =
    `\nnpm run bench: ${benches.map((b) => b.name).join(', ')}; ${options.duration} s x ${options.rounds} rounds ` +
    `(medians), ${options.connections} connections, Node ${process.version}, ${pinning}`;
  process.stdout.write(formatReport({ header, notes, results, checks }));
  return exitCode(checks);
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`bench: ${err.message}\n\n${help}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exitCode = 1;
  }
}
