// The requests the benches send: a 2026-07-28 `tools/call` as a stateless client sends it, with
// the request metadata in `_meta` and the Mcp-Method / Mcp-Name headers
// (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http).

/**
 * A `tools/call` request: its body and headers, ready for fetch or the load generator.
 * @param {string} name the tool
 * @param {Record<string, unknown>} args its arguments
 */
export const call = (name, args) => ({
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name,
      arguments: args,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': {
          name: 'bench',
          version: '1.0.0',
        },
      },
    },
  }),
  headers: {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': name,
  },
});

/** POSTs a request to `url`; the status and the parsed JSON body. */
export const post = (url, request) =>
  fetch(url, { method: 'POST', ...request }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));
