// Every bench `npm run bench` knows, in the order a round runs them. A new bench is a module
// `<name>.bench.mjs` beside this file (see docs/performance.md, "Adding a bench") and one line here.
import compare from './compare.bench.mjs';
import echo from './echo.bench.mjs';
import guard from './guard.bench.mjs';
import overload from './overload.bench.mjs';
import pipes from './pipes.bench.mjs';
import tally from './tally.bench.mjs';
import tasks from './tasks.bench.mjs';

/** @type {import('./targets.mjs').Bench[]} */
export const BENCHES = [compare, echo, tally, guard, pipes, tasks, overload];
