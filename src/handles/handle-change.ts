import { HandleError } from './handle.error.js';
import type { HandleChange, HandleState } from './handle-store.interface.js';

/**
 * Applies a change to a state in memory, all or nothing. The signed store uses it; the Redis store
 * does the same inside a Lua script so it stays atomic under concurrency.
 * @throws HandleError `out-of-range` when an increment leaves its bounds (nothing is changed).
 */
export function applyChange(
  state: HandleState,
  change: HandleChange,
): HandleState {
  const next: Record<string, HandleState[string]> = { ...state };
  for (const [field, { by, min, max }] of Object.entries(
    change.increment ?? {},
  )) {
    // Only a missing field starts at 0, and only an integer is incremented, exactly as the Redis
    // store's script does: a fraction or null is refused, so no tool sees which store it runs on.
    const current = next[field] === undefined ? 0 : next[field];
    if (typeof current !== 'number' || !Number.isInteger(current))
      throw new HandleError('invalid');
    const value = current + by;
    if (value < min || value > max) throw new HandleError('out-of-range');
    next[field] = value;
  }
  return Object.assign(next, change.set);
}
