// What the script did, as k6 would have recorded it.
export const state = {
  /** group path ('' = root) → check name → { passes, fails } */
  checks: new Map(),
  /** metric name → [{ value, tags }] */
  metrics: new Map(),
  /** every HTTP request: method, url, headers, body */
  requests: [],
  groupPath: [],
};

export function record(metric, value, tags = {}) {
  if (!state.metrics.has(metric)) state.metrics.set(metric, []);
  state.metrics.get(metric).push({ value, tags });
}
