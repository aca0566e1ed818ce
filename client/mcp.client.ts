import { createHash } from 'node:crypto';
import {
  DEFAULT_CLIENT_INFO,
  type McpClientOptions,
  type McpReply,
  type RequestOptions,
} from './mcp-client.options.js';
import { McpRpcError } from './mcp-rpc.error.js';
import { endpointUrl, notFoundHint } from './endpoint-url.js';
import { McpTransportError } from './mcp-transport.error.js';
import {
  META_KEY,
  PROTOCOL_VERSION,
  type CacheableResult,
  type CallToolResult,
  type DiscoverResult,
  type Implementation,
  type JsonObject,
  type JsonRpcNotification,
  type ListToolsResult,
  type LogNotification,
  type ProgressNotification,
  type Tool,
} from './mcp.types.js';
import {
  buildRequest,
  mergeHeaders,
  type ParamHeader,
} from './request.builder.js';
import { readResponse } from './response.reader.js';
import { CACHEABLE_METHODS, ResultCache } from './result.cache.js';
import { TaskApi } from './task.api.js';
import { newTraceparent } from './traceparent.js';

/**
 * A client for one MCP 2026-07-28 endpoint over Streamable HTTP, stateless like the protocol:
 * every request is self-describing (standard headers, `_meta` with version, capabilities, client
 * info and a fresh `traceparent`), nothing is negotiated, no cookie or session id is ever sent or
 * kept. List results are cached for their `ttlMs` (SEP-2549); answers may be JSON or SSE; JSON-RPC
 * errors are thrown as `McpRpcError`, failures below JSON-RPC as `McpTransportError`.
 *
 * ```ts
 * const client = new McpClient('http://localhost:8000/mcp');
 * const { structuredContent } = await client.callTool<{ instance_id: string }>('whoami');
 * ```
 */
export class McpClient {
  /** The endpoint URL (a site's base URL given to the constructor becomes its `/mcp`). */
  readonly url: string;
  /** The cache in use (shared if one was passed in), or undefined when caching is off. */
  readonly cache?: ResultCache;
  private readonly fetchImpl: typeof fetch;
  private readonly protocolVersion: string;
  /** The `_meta` clientCapabilities every request declares (the task API adds the tasks extension). */
  readonly capabilities: JsonObject;
  private readonly clientInfo: Implementation;
  private readonly headers: Record<string, string>;
  private readonly authContext: string;
  private readonly timeoutMs: number;
  private readonly learnToolHeaders: boolean;
  private readonly toolHeaders = new Map<string, readonly ParamHeader[]>();
  private learning?: Promise<Tool[]>;
  private nextId = 1;
  private taskApi?: TaskApi;

  constructor(url: string | URL, options: McpClientOptions = {}) {
    this.url = endpointUrl(url);
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.protocolVersion = options.protocolVersion ?? PROTOCOL_VERSION;
    this.capabilities = options.capabilities ?? {};
    this.clientInfo = options.clientInfo ?? DEFAULT_CLIENT_INFO;
    this.headers = mergeHeaders([options.headers ?? {}]);
    this.cache =
      options.cache === false
        ? undefined
        : (options.cache ?? new ResultCache());
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.learnToolHeaders = options.learnToolHeaders ?? true;
    // Private cache entries are keyed by who asked (SEP-2549): a digest, so the cache never holds the token.
    const auth = Object.entries(this.headers).find(
      ([name]) => name.toLowerCase() === 'authorization',
    )?.[1];
    this.authContext = auth
      ? createHash('sha256').update(auth).digest('hex')
      : '';
  }

  /** `server/discover`: versions, capabilities, instructions (cached for its `ttlMs`). */
  discover(options?: RequestOptions): Promise<DiscoverResult> {
    return this.request<DiscoverResult>('server/discover', {}, options);
  }

  /** One page of `tools/list` (cached per cursor for its `ttlMs`). */
  listTools(
    cursor?: string,
    options?: RequestOptions,
  ): Promise<ListToolsResult> {
    return this.request<ListToolsResult>(
      'tools/list',
      cursor === undefined ? {} : { cursor },
      options,
    );
  }

  /** Every tool, following `nextCursor` across pages. */
  async allTools(options?: RequestOptions): Promise<Tool[]> {
    const tools: Tool[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.listTools(cursor, options);
      tools.push(...page.tools);
      cursor = page.nextCursor;
      if (cursor !== undefined && seen.has(cursor))
        throw new McpTransportError(`tools/list repeated cursor ${cursor}`);
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
    return tools;
  }

  /**
   * `tools/call`. Tool failures come back as results with `isError: true` (they are not thrown);
   * arguments marked `x-mcp-header` are mirrored as `Mcp-Param-*` headers.
   */
  async callTool<T = unknown>(
    name: string,
    args: JsonObject = {},
    options?: RequestOptions,
  ): Promise<CallToolResult<T>> {
    return (await this.callToolReply<CallToolResult<T>>(name, args, options))
      .result;
  }

  /** Like `callTool`, with how the result was obtained (HTTP status, headers, traceparent). */
  async callToolReply<R = CallToolResult>(
    name: string,
    args: JsonObject = {},
    options?: RequestOptions,
  ): Promise<McpReply<R>> {
    if (this.learnToolHeaders && !this.toolHeaders.has(name)) {
      // Concurrent first calls share one listing.
      this.learning ??= this.allTools().finally(
        () => (this.learning = undefined),
      );
      await this.learning;
    }
    return this.send<R>('tools/call', { name, arguments: args }, options);
  }

  /** The tasks extension (SEP-2663): call a tool as a task, poll, answer, cancel. */
  get tasks(): TaskApi {
    return (this.taskApi ??= new TaskApi(this));
  }

  /** Any method: the raw escape hatch (e.g. to send a wrong `Mcp-Name` on purpose). */
  async request<R = JsonObject>(
    method: string,
    params: JsonObject = {},
    options: RequestOptions = {},
  ): Promise<R> {
    return (await this.send<R>(method, params, options)).result;
  }

  /** Like `request`, with how the result was obtained (cache, HTTP status, SSE, traceparent). */
  async send<R = JsonObject>(
    method: string,
    params: JsonObject = {},
    options: RequestOptions = {},
  ): Promise<McpReply<R>> {
    const cacheable =
      this.cache &&
      CACHEABLE_METHODS.has(method) &&
      options.cache !== false &&
      !options.headers;
    if (cacheable) {
      const cached = this.cache.get(method, params, this.authContext);
      if (cached) {
        this.learn(method, cached);
        return {
          result: cached as unknown as R,
          fromCache: true,
          streamed: false,
        };
      }
    }
    const id = this.nextId++;
    const progressToken = options.onProgress ? `progress-${id}` : undefined;
    const built = buildRequest({
      id,
      method,
      params,
      protocolVersion: this.protocolVersion,
      capabilities: this.capabilities,
      clientInfo: this.clientInfo,
      traceparent: options.traceparent ?? newTraceparent(),
      paramHeaders:
        method === 'tools/call'
          ? this.toolHeaders.get(String(params.name))
          : undefined,
      meta: {
        ...(progressToken ? { progressToken } : {}),
        ...(options.logLevel ? { [META_KEY.logLevel]: options.logLevel } : {}),
        ...options.meta,
      },
      headers: [this.headers, options.headers ?? {}],
    });
    const { res, read } = await this.post(
      built.headers,
      built.body,
      options,
      (n) => dispatch(n, options, progressToken),
      id,
    );
    const { message, streamed } = read;
    if (message.error)
      throw new McpRpcError(message.error, res.status, method, id);
    const result = message.result as unknown as R & JsonObject;
    if (cacheable)
      this.cache.set(
        method,
        params,
        this.authContext,
        result as unknown as CacheableResult,
      );
    this.learn(method, result);
    return {
      result,
      fromCache: false,
      httpStatus: res.status,
      requestId: id,
      traceparent: (built.message.params._meta as JsonObject)
        .traceparent as string,
      streamed,
      headers: res.headers,
    };
  }

  /** Forgets cached results and learned tool headers. */
  clearCache(): void {
    this.cache?.clear();
    this.toolHeaders.clear();
  }

  private async post(
    headers: Record<string, string>,
    body: string,
    options: RequestOptions,
    onNotification: (n: JsonRpcNotification) => void,
    id: number,
  ) {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;
    try {
      // No cookie jar, no credentials: nothing ties this request to an earlier one (SEP-2567).
      const res = await this.fetchImpl(this.url, {
        method: 'POST',
        headers,
        body,
        signal,
        credentials: 'omit',
      });
      return { res, read: await readResponse(res, id, onNotification) };
    } catch (err) {
      // A 404 that is not a JSON-RPC answer: most likely the wrong URL, so say which and where to look.
      if (err instanceof McpTransportError && err.httpStatus === 404)
        throw new McpTransportError(
          `${notFoundHint(this.url)}. The answer: ${err.message}`,
          404,
          { cause: err },
        );
      if (err instanceof McpTransportError) throw err;
      if (options.signal?.aborted) throw options.signal.reason;
      if (timeout.aborted)
        throw new McpTransportError(
          `No answer from ${this.url} within ${timeoutMs} ms`,
          undefined,
          { cause: err },
        );
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new McpTransportError(
        `Cannot reach ${this.url}: ${cause?.code ?? (err as Error).message}`,
        undefined,
        { cause: err },
      );
    }
  }

  /** Remembers which tool arguments travel as `Mcp-Param-*` headers (SEP-2243). */
  private learn(method: string, result: JsonObject): void {
    if (method !== 'tools/list' || !Array.isArray(result.tools)) return;
    for (const tool of result.tools as Tool[]) {
      const headers: ParamHeader[] = [];
      for (const [argument, schema] of Object.entries(
        tool.inputSchema?.properties ?? {},
      )) {
        const header = schema?.['x-mcp-header'];
        if (typeof header === 'string') headers.push({ argument, header });
      }
      this.toolHeaders.set(tool.name, headers);
    }
  }
}

function dispatch(
  notification: JsonRpcNotification,
  options: RequestOptions,
  progressToken?: string,
): void {
  const params = notification.params ?? {};
  if (notification.method === 'notifications/progress') {
    if (params.progressToken === progressToken)
      options.onProgress?.(params as unknown as ProgressNotification);
  } else if (notification.method === 'notifications/message') {
    options.onLog?.(params as unknown as LogNotification);
  } else {
    options.onNotification?.(notification);
  }
}
