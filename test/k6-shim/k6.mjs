import { record, state } from './state.mjs';

export function check(value, sets, tags = {}) {
  const path = state.groupPath.join('::');
  if (!state.checks.has(path)) state.checks.set(path, new Map());
  const group = state.checks.get(path);
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    const ok = Boolean(fn(value));
    all &&= ok;
    const entry = group.get(name) ?? { passes: 0, fails: 0 };
    entry[ok ? 'passes' : 'fails']++;
    group.set(name, entry);
    record('checks', ok ? 1 : 0, { ...tags, check: name, group: path });
  }
  return all;
}

export function group(name, fn) {
  state.groupPath.push(name);
  try {
    return fn();
  } finally {
    state.groupPath.pop();
  }
}

export function sleep() {
  // No pacing: the shim runs a handful of iterations, not a load.
}
