// Loaded with `node --import` before the conformance suite: it imports `globSync` from `fs`,
// which Node 20 lacks (added in 22). The hook below swaps `fs` for a shim, for that package only.
import { register } from 'node:module';

if (!('globSync' in (await import('node:fs')))) register('./fs-shim-hooks.mjs', import.meta.url);
