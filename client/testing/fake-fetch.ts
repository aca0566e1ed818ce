/** One request as the fake fetch received it. */
export interface SentRequest {
  headers: Record<string, string>;
  body: { id: number; method: string; params: Record<string, any> };
}

/** A fetch double for unit specs: records each request and answers with `reply(body, headers)`. */
export function fakeFetch(
  reply: (
    body: SentRequest['body'],
    headers: Record<string, string>,
  ) => Response | Promise<Response>,
) {
  const sent: SentRequest[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string) as SentRequest['body'];
    const headers = init.headers as Record<string, string>;
    sent.push({ headers, body });
    return reply(body, headers);
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}

/** A JSON response. */
export const json = (
  message: object,
  status = 200,
  headers: Record<string, string> = {},
) =>
  new Response(JSON.stringify(message), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

/** A successful JSON-RPC response with a complete result. */
export const ok = (id: number, result: object) =>
  json({ jsonrpc: '2.0', id, result: { resultType: 'complete', ...result } });

/** A JSON-RPC error response. */
export const rpcError = (
  id: number,
  code: number,
  message: string,
  status: number,
  data?: unknown,
) =>
  json(
    {
      jsonrpc: '2.0',
      id,
      error: { code, message, ...(data === undefined ? {} : { data }) },
    },
    status,
  );
