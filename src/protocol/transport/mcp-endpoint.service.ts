import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { ActiveAuthenticator } from '../auth/active-authenticator.js';
import {
  McpAuthError,
  type McpAuthenticator,
} from '../auth/mcp-authenticator.interface.js';
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import { McpMethodRegistry } from '../dispatch/mcp-method.registry.js';
import {
  McpRequestContext,
  type ProtocolEra,
} from '../dispatch/mcp-request-context.js';
import { HeaderGuard } from '../guards/header.guard.js';
import { MetaGuard } from '../guards/meta.guard.js';
import type { McpGuard } from '../guards/mcp-guard.interface.js';
import { OriginGuard } from '../guards/origin.guard.js';
import { ParamHeaderGuard } from '../guards/param-header.guard.js';
import { VersionGuard } from '../guards/version.guard.js';
import { MCP_INTERCEPTORS } from '../interceptors/mcp-interceptors.token.js';
import { TraceInterceptor } from '../interceptors/trace.interceptor.js';
import type { McpInterceptor } from '../interceptors/mcp-interceptor.interface.js';
import { parseEnvelope } from '../json-rpc/envelope.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import {
  isJsonObject,
  type JsonRpcId,
  type JsonRpcRequest,
  type McpResult,
} from '../json-rpc/json-rpc.types.js';
import { HEADER, META, MODERN_VERSIONS } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';
import {
  BodyTooLargeError,
  readBody,
  RequestAbortedError,
} from './body-reader.js';
import { McpResponder } from './mcp-responder.js';

/**
 * `POST /mcp`: one JSON-RPC message in, one response out (JSON or a request-scoped SSE stream).
 * Runs the checks in the order of spec.md §4.5, then the method through the interceptors. Wired
 * straight to the HTTP server by `McpHttpAdapter`, ahead of Express.
 */
@Injectable()
export class McpEndpoint implements OnModuleDestroy {
  private readonly logger = new Logger('McpEndpoint');
  private readonly guards: readonly McpGuard[];
  /** Requests under way with their deadlines; one sweeper instead of a timer per request. */
  private readonly inflight = new Map<
    McpRequestContext,
    { deadline: number; responder: McpResponder }
  >();
  private readonly sweeper: NodeJS.Timeout;
  /** Requests being served, long-lived streams excepted: what a graceful shutdown waits for. */
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly settings: ProtocolSettings,
    private readonly registry: McpMethodRegistry,
    private readonly originGuard: OriginGuard,
    private readonly paramHeaderGuard: ParamHeaderGuard,
    metaGuard: MetaGuard,
    headerGuard: HeaderGuard,
    versionGuard: VersionGuard,
    @Inject(MCP_INTERCEPTORS)
    private readonly interceptors: readonly McpInterceptor[],
    private readonly trace: TraceInterceptor,
    @Optional()
    @Inject(ActiveAuthenticator)
    private readonly authenticator?: McpAuthenticator | null,
  ) {
    // spec.md §4.5 steps 4–6: _meta (-32602), then headers (-32020), then version (-32022).
    this.guards = [metaGuard, headerGuard, versionGuard];
    const every = Math.min(250, settings.requestTimeoutMs);
    this.sweeper = setInterval(() => this.expire(Date.now()), every).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Resolves once no request is being served, `subscriptions/listen` streams excepted (they end
   * with a complete result when the application closes). Graceful shutdown waits on it.
   */
  whenIdle(): Promise<void> {
    return this.active === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Node request listener for the MCP path. Never throws: every failure becomes a response. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.serve(req, res).catch((err: unknown) => this.logger.error(err));
  };

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.active++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      if (--this.active === 0 && this.idleWaiters.length > 0)
        for (const wake of this.idleWaiters.splice(0)) wake();
    };
    try {
      await this.answer(req, res, release);
    } finally {
      release();
    }
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    release: () => void,
  ): Promise<void> {
    const responder = new McpResponder(
      res,
      req.headers.accept?.includes('text/event-stream') ?? false,
    );
    if (req.method !== 'POST') {
      // Sessions and the GET stream are gone in 2026-07-28 (spec.md §4.1): SHOULD answer 405.
      responder.send(
        405,
        errorBody(
          null,
          JsonRpcErrorCode.InvalidRequest,
          'Method Not Allowed: use POST',
        ),
        {
          Allow: 'POST',
        },
      );
      return;
    }
    let id: JsonRpcId | null = null;
    try {
      this.originGuard.check(req);
      // Authenticate before reading the body: an anonymous caller costs us no parsing.
      const principal =
        this.authenticator && (await this.authenticator.authenticate(req));
      const message = parseEnvelope(
        await readBody(req, this.settings.maxBodyBytes),
        this.settings.maxJsonDepth,
      );
      if (message.id === undefined) return responder.empty(202);
      id = message.id;
      const ctx = new McpRequestContext(
        message,
        req.headers,
        this.eraOf(req.headers, message),
        responder,
        res,
      );
      if (principal) ctx.principal = principal;
      const result = await (this.trace.enabled
        ? this.trace.intercept(ctx, () =>
            this.dispatch(ctx, responder, release),
          )
        : this.dispatch(ctx, responder, release));
      responder.send(200, { jsonrpc: '2.0', id, result });
    } catch (err) {
      this.fail(responder, id, err);
    }
  }

  private async dispatch(
    ctx: McpRequestContext,
    responder: McpResponder,
    release: () => void,
  ): Promise<McpResult> {
    for (const guard of this.guards) guard.check(ctx);
    const method = this.registry.lookup(ctx.era, ctx.method);
    if (!method) throw JsonRpcError.methodNotFound(ctx.method);
    this.paramHeaderGuard.check(ctx, method);
    let next = async () => method.handler(ctx.message.params, ctx);
    for (let i = this.interceptors.length - 1; i >= 0; i--) {
      const inner = next;
      const interceptor = this.interceptors[i];
      next = () => interceptor.intercept(ctx, inner);
    }
    if (method.longLived) {
      // A listen stream stays open by design: shutdown ends it instead of waiting for it.
      release();
      return next();
    }
    this.inflight.set(ctx, {
      deadline: Date.now() + this.settings.requestTimeoutMs,
      responder,
    });
    try {
      return await next();
    } finally {
      this.inflight.delete(ctx);
    }
  }

  /**
   * Abandons requests past `MCP_REQUEST_TIMEOUT_MS`: answers -32603 (HTTP 504) and aborts their
   * work. Whatever the handler returns later finds the response already ended and is dropped.
   */
  private expire(now: number): void {
    for (const [ctx, { deadline, responder }] of this.inflight) {
      if (deadline > now) continue;
      this.inflight.delete(ctx);
      ctx.abort();
      responder.send(
        504,
        errorBody(
          ctx.requestId,
          JsonRpcErrorCode.InternalError,
          'Request timed out',
        ),
      );
    }
  }

  /**
   * Modern (2026-07-28 rules) when the header names a modern version, `_meta` declares a version, or
   * the method is `server/discover`; otherwise a legacy 2025-11-25 client, served in lenient mode
   * only (ARCHITECTURE.md, "era detection"). So a modern request that forgot `_meta` gets -32602.
   */
  private eraOf(
    headers: IncomingHttpHeaders,
    message: JsonRpcRequest,
  ): ProtocolEra {
    if (this.settings.strict) return 'modern';
    const version = headers[HEADER.protocolVersion];
    if (typeof version === 'string' && MODERN_VERSIONS.includes(version.trim()))
      return 'modern';
    const meta = message.params._meta;
    if (isJsonObject(meta) && META.protocolVersion in meta) return 'modern';
    return message.method === 'server/discover' ? 'modern' : 'legacy';
  }

  private fail(
    responder: McpResponder,
    id: JsonRpcId | null,
    err: unknown,
  ): void {
    // The client is gone, or Node answered its broken framing already (answerClientError).
    if (err instanceof RequestAbortedError) return;
    if (err instanceof JsonRpcError) {
      responder.send(
        err.httpStatus,
        errorBody(id, err.code, err.message, err.data),
      );
    } else if (err instanceof McpAuthError) {
      responder.send(
        err.status,
        errorBody(id, JsonRpcErrorCode.InvalidRequest, err.message),
        {
          'WWW-Authenticate': err.challenge,
        },
      );
    } else if (err instanceof BodyTooLargeError) {
      // readBody read the rest (bounded) so the client hears this; then the connection is closed.
      const message = `Request body exceeds ${this.settings.maxBodyBytes} bytes`;
      responder.send(
        413,
        errorBody(id, JsonRpcErrorCode.InvalidRequest, message),
        { Connection: 'close' },
      );
    } else {
      // Never leak an unknown exception's message (ARCHITECTURE.md, "errors have two lanes").
      this.logger.error(
        err instanceof Error ? (err.stack ?? err.message) : String(err),
      );
      responder.send(
        500,
        errorBody(id, JsonRpcErrorCode.InternalError, 'Internal error'),
      );
    }
  }
}

function errorBody(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: unknown,
): object {
  const error =
    data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
}
