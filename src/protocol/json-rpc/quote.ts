/** Shortens a client-supplied value before it is quoted back in an error message. */
export function quote(value: unknown): string {
  // JSON.stringify(undefined) is undefined: a header sent for a field the body lacks.
  const text =
    typeof value === 'string'
      ? value
      : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
