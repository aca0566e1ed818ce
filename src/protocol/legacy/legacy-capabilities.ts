/**
 * The capabilities a 2025-11-25 client may be promised. That era delivers the `list_changed` notifications
 * and `notifications/resources/updated` only on a session's standalone GET stream or inside a request's
 * own SSE answer (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server);
 * this server keeps no session and answers GET with 405, so such a client could never receive them.
 * `listChanged` and `subscribe` are therefore left out; everything else is advertised as is.
 */
export function legacyCapabilities(
  capabilities: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const undeliverable = new Set(['listChanged', 'subscribe']);
  return Object.fromEntries(
    Object.entries(capabilities).map(([name, value]) => [
      name,
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value).filter(([key]) => !undeliverable.has(key)),
          )
        : value,
    ]),
  );
}
