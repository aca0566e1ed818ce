/**
 * The key an input request goes out under: the tool's own key while it is new in this task's
 * life, else the first of `key.2`, `key.3`, … not used yet. SEP-2663 wants `inputRequests` keys
 * unique for the task's life, so a question asked again (a later round, a re-run) never reuses
 * the key of one already answered; the tool still sees its own key in `inputResponses`.
 */
export function uniqueWireKey(
  key: string,
  used: (wire: string) => boolean,
): string {
  let wire = key;
  for (let n = 2; used(wire); n++) wire = `${key}.${n}`;
  return wire;
}
