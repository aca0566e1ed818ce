import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpPrincipal } from '../protocol/auth/mcp-authenticator.interface.js';
import {
  HEADER,
  MCP_PATH,
  META,
  MODERN_PROTOCOL_VERSION,
} from '../protocol/protocol.constants.js';
import { TASKS_EXTENSION } from '../tasks/task.types.js';
import { encodeCaller, TEST_CALLER_HEADER } from './mcp-test.authenticator.js';
import { McpTestError } from './mcp-test.error.js';
import type {
  CallToolResult,
  ListedTool,
  McpTask,
  McpTestResponse,
} from './mcp-test.types.js';

/** Options of `McpTestClient.for`. */
export interface McpTestClientOptions {
  /** The caller, sent to `McpTestAuthenticator`; none by default. */
  readonly caller?: McpPrincipal;
  /** Headers added to every request (an API key, a bearer token, …). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `io.modelcontextprotocol/clientCapabilities` of every request; default `{}`. */
  readonly capabilities?: Readonly<Record<string, unknown>>;
}

/** Options of `awaitTask`. */
export interface AwaitTaskOptions {
  /** Give up after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Stop at the first answer this accepts; default: a terminal status (completed, failed, cancelled). */
  readonly until?: (task: McpTask) => boolean;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
/** How often `awaitTask` polls: fast, since a test's tasks run in this process. */
const POLL_MS = 10;

/**
 * A 2026-07-28 MCP client over a Nest application, for tests: every call goes through the real HTTP
 * pipeline (`POST /mcp` on a loopback port, the app's authenticator, guards, interceptors and
 * filters), with the `_meta` and standard headers a compliant client sends. Needs no Redis: tasks
 * run on the in-memory store of a single instance. Set the caller with `as(principal)` when the app
 * authenticates with `McpTestAuthenticator`.
 *
 * ```ts
 * const mcp = await McpTestClient.for(app);
 * const result = await mcp.as({ subject: 'ada', scopes: [], claims: {} }).callTool('greet', { name: 'Ada' });
 * ```
 */
export class McpTestClient {
  private nextId = 1;

  private constructor(
    private readonly url: string,
    private readonly options: McpTestClientOptions,
  ) {}

  /**
   * A client of `app`, which must have been initialised (`app.init()`, or `createNestApplication`
   * and `init`). An app that is not listening yet is started on a free loopback port
   * (`app.listen(0, '127.0.0.1')`); close it with `app.close()` as usual.
   */
  static async for(
    app: INestApplication,
    options: McpTestClientOptions = {},
  ): Promise<McpTestClient> {
    const server = app.getHttpServer() as Server;
    if (!server.listening) await app.listen(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    return new McpTestClient(`http://127.0.0.1:${port}${MCP_PATH}`, options);
  }

  /** The same client calling as `caller` (undefined: no caller header). */
  as(caller: McpPrincipal | undefined): McpTestClient {
    return new McpTestClient(this.url, { ...this.options, caller });
  }

  /** The same client with more headers on every request. */
  withHeaders(headers: Readonly<Record<string, string>>): McpTestClient {
    return new McpTestClient(this.url, {
      ...this.options,
      headers: { ...this.options.headers, ...headers },
    });
  }

  /**
   * One request, answered as is (an error is not thrown): for tests of refusals. `Mcp-Name` is set
   * from `params.name`, `params.uri` or `params.taskId`, as a client does.
   */
  async request(
    method: string,
    params: Record<string, unknown> = {},
    meta: Record<string, unknown> = {},
  ): Promise<McpTestResponse> {
    const name = params.name ?? params.uri ?? params.taskId;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      [HEADER.protocolVersion]: MODERN_PROTOCOL_VERSION,
      [HEADER.method]: method,
      ...this.options.headers,
    };
    if (typeof name === 'string') headers[HEADER.name] = name;
    if (this.options.caller)
      headers[TEST_CALLER_HEADER] = encodeCaller(this.options.caller);
    const body = {
      jsonrpc: '2.0',
      id: this.nextId++,
      method,
      params: {
        ...params,
        _meta: {
          [META.protocolVersion]: MODERN_PROTOCOL_VERSION,
          [META.clientCapabilities]: this.options.capabilities ?? {},
          [META.clientInfo]: { name: 'mcp-test-client', version: '1.0.0' },
          ...meta,
        },
      },
    };
    const res = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return read(res);
  }

  /** Every tool the caller may see (`tools/list`, all pages). */
  async listTools(): Promise<ListedTool[]> {
    const tools: ListedTool[] = [];
    let cursor: string | undefined;
    do {
      const result = await this.result(
        'tools/list',
        cursor === undefined ? {} : { cursor },
      );
      tools.push(...(result.tools as ListedTool[]));
      cursor = result.nextCursor as string | undefined;
    } while (cursor !== undefined);
    return tools;
  }

  /**
   * Calls a tool synchronously. A tool failure is a result with `isError: true`; a protocol error
   * (unknown tool, a guard's denial, …) throws `McpTestError` with the HTTP status and JSON-RPC code.
   */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
  ): Promise<CallToolResult> {
    return (await this.result('tools/call', {
      name,
      arguments: args,
    })) as unknown as CallToolResult;
  }

  /**
   * Calls a tool as a task (the request declares the tasks extension, SEP-2663) and returns the
   * created task. @throws McpTestError when the server answered a plain result or an error.
   */
  async callToolAsTask(
    name: string,
    args: Record<string, unknown> = {},
  ): Promise<McpTask> {
    const response = await this.request(
      'tools/call',
      { name, arguments: args },
      this.taskMeta(),
    );
    if (response.body.result?.resultType !== 'task')
      throw new McpTestError('tools/call (as a task)', response);
    return response.body.result as unknown as McpTask;
  }

  /** `tasks/get`: the task with its result, error or outstanding input requests. */
  async getTask(taskId: string): Promise<McpTask> {
    return this.taskResult('tasks/get', { taskId });
  }

  /** `tasks/cancel`: acknowledged at once (idempotent); `getTask` shows the outcome. */
  async cancelTask(taskId: string): Promise<void> {
    await this.taskResult('tasks/cancel', { taskId });
  }

  /** `tasks/update`: answers a task's `inputRequests`; acknowledged at once. */
  async updateTask(
    taskId: string,
    inputResponses: Record<string, unknown>,
  ): Promise<void> {
    await this.taskResult('tasks/update', { taskId, inputResponses });
  }

  /**
   * Polls `tasks/get` until the task is terminal (or `until` accepts it) and returns that answer.
   * @throws Error naming the last status when `timeoutMs` passes first.
   */
  async awaitTask(
    taskId: string,
    options: AwaitTaskOptions = {},
  ): Promise<McpTask> {
    const done = options.until ?? ((task) => TERMINAL.has(task.status));
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      const task = await this.getTask(taskId);
      if (done(task)) return task;
      if (Date.now() > deadline)
        throw new Error(
          `task ${taskId} is still ${task.status} after ${options.timeoutMs ?? 10_000} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async taskResult(
    method: string,
    params: Record<string, unknown>,
  ): Promise<McpTask> {
    return (await this.result(
      method,
      params,
      this.taskMeta(),
    )) as unknown as McpTask;
  }

  private taskMeta(): Record<string, unknown> {
    const capabilities = this.options.capabilities ?? {};
    const extensions = (capabilities.extensions ?? {}) as Record<
      string,
      unknown
    >;
    return {
      [META.clientCapabilities]: {
        ...capabilities,
        extensions: { ...extensions, [TASKS_EXTENSION]: {} },
      },
    };
  }

  private async result(
    method: string,
    params: Record<string, unknown>,
    meta?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const response = await this.request(method, params, meta);
    if (response.status !== 200 || !response.body.result)
      throw new McpTestError(method, response);
    return response.body.result;
  }
}

/** Reads a JSON body, or an SSE stream whose last message is the response. */
async function read(res: Response): Promise<McpTestResponse> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => (headers[key] = value));
  const text = await res.text();
  const type = headers['content-type'] ?? '';
  const notifications: { method: string; params?: unknown }[] = [];
  let body: McpTestResponse['body'] = {};
  if (type.startsWith('text/event-stream')) {
    for (const event of text.split('\n\n')) {
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      const message = JSON.parse(data) as Record<string, unknown>;
      if ('id' in message) body = message;
      else notifications.push(message as { method: string; params?: unknown });
    }
  } else if (text) {
    try {
      body = JSON.parse(text) as McpTestResponse['body'];
    } catch {
      body = {};
    }
  }
  return { status: res.status, headers, body, notifications };
}
