import type {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { validateEnv } from '../../config/validate-env.js';
import {
  McpRequestContext,
  type ProtocolEra,
} from '../dispatch/mcp-request-context.js';
import type { McpMethod } from '../dispatch/mcp-method.interface.js';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import { META, MODERN_PROTOCOL_VERSION } from '../protocol.constants.js';
import { ProtocolEnvironment } from '../protocol.env.js';
import { ProtocolSettings } from '../protocol-settings.js';
import type { McpResponder } from '../transport/mcp-responder.js';

/** Settings from a protocol environment given as raw variables (defaults for the rest). */
export function settingsOf(env: Record<string, string> = {}): ProtocolSettings {
  return new ProtocolSettings(validateEnv(ProtocolEnvironment, env));
}

/** One answer a `RecordingResponder` was asked to send. */
export interface SentAnswer {
  readonly status: number;
  readonly body: any;
  readonly headers?: Record<string, string>;
}

/** Stands in for `McpResponder`: records what it is asked to send instead of writing to a socket. */
export class RecordingResponder {
  readonly sent: SentAnswer[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  acceptsSse = false;
  closed = false;

  send(status: number, body: object, headers?: Record<string, string>): void {
    this.sent.push({ status, body, headers });
  }

  notify(method: string, params: unknown): boolean {
    this.notifications.push({ method, params });
    return this.acceptsSse;
  }

  keepAlive(): void {}

  empty(status: number): void {
    this.sent.push({ status, body: undefined });
  }

  /** Typed as the real thing, for the places that take one. */
  get asResponder(): McpResponder {
    return this as unknown as McpResponder;
  }
}

/** `_meta` a well-formed 2026-07-28 request carries. */
export function modernMeta(extra: JsonObject = {}): JsonObject {
  return {
    [META.protocolVersion]: MODERN_PROTOCOL_VERSION,
    [META.clientCapabilities]: {},
    ...extra,
  };
}

/** What `fakeContext` builds a request from. */
export interface FakeRequest {
  readonly headers?: IncomingHttpHeaders;
  /** The raw body the request streams (for the `Envelope` step). */
  readonly body?: string;
  /** A message bound as the `Envelope` step would. */
  readonly method?: string;
  readonly params?: JsonObject;
  readonly id?: string | number;
  readonly era?: ProtocolEra;
  readonly target?: McpMethod;
  /** Counted out when the request detaches from shutdown accounting. */
  readonly release?: () => void;
}

/**
 * A real `McpRequestContext` over an in-memory request (a stream of `body`, with `headers`), a
 * response that is only an event emitter, and a `RecordingResponder`. With `method` set, the
 * message is bound as the `Envelope` step binds it.
 */
export function fakeContext(request: FakeRequest = {}): {
  ctx: McpRequestContext;
  responder: RecordingResponder;
  res: EventEmitter;
} {
  const req = Readable.from(
    request.body === undefined ? [] : [Buffer.from(request.body)],
  ) as unknown as IncomingMessage & { headers: IncomingHttpHeaders };
  req.headers = { ...request.headers };
  const res = new EventEmitter();
  const responder = new RecordingResponder();
  const ctx = new McpRequestContext(
    req,
    res as unknown as ServerResponse,
    responder.asResponder,
    request.release,
  );
  if (request.method !== undefined) {
    ctx.bind(
      {
        id: request.id ?? 1,
        method: request.method,
        params: request.params ?? {},
      },
      request.era ?? 'modern',
    );
  }
  if (request.target) ctx.target = request.target;
  return { ctx, responder, res };
}

/** A method entry whose handler answers `result` (or what `handler` returns). */
export function methodOf(
  name: string,
  options: Partial<McpMethod> = {},
): McpMethod {
  return { name, handler: () => ({ answeredBy: name }), ...options };
}
