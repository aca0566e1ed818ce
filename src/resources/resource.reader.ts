import { Injectable } from '@nestjs/common';
import { base64 } from '../common/base64.js';
import type { McpRequestContext } from '../protocol/dispatch/mcp-request-context.js';
import { quote } from '../protocol/json-rpc/quote.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import {
  isJsonObject,
  type JsonObject,
  type McpResult,
} from '../protocol/json-rpc/json-rpc.types.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import type { ResourceOutput } from './resource-handler.interface.js';
import { ResourceNotFoundError } from './resource.errors.js';
import { ResourceRegistry } from './resource.registry.js';

/**
 * Runs `resources/read`: resolves the URI, calls the handler and publishes its output as
 * `contents` with the resource's cache hints (SEP-2549). A URI that names nothing is -32602 with
 * `data.uri` (SEP-2164), whether no resource matched or the handler found nothing.
 */
@Injectable()
export class ResourceReader {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly settings: ProtocolSettings,
  ) {}

  /** @throws JsonRpcError -32602 for a missing uri or a resource that does not exist. */
  async read(params: JsonObject, ctx: McpRequestContext): Promise<McpResult> {
    const uri = params.uri;
    if (typeof uri !== 'string' || uri.length === 0) {
      throw JsonRpcError.invalidParams(
        'Invalid params: uri must be a non-empty string',
      );
    }
    const resolved = this.registry.resolve(uri);
    if (!resolved) throw notFound(uri);
    const { entry } = resolved;
    entry.bound.enforce(ctx);
    let output: ResourceOutput;
    try {
      // Guards and interceptors see the template's variables as the call's arguments.
      output = (await (entry.kind === 'template'
        ? entry.bound.invoke(
            ctx,
            resolved.variables,
            uri,
            resolved.variables,
            ctx,
          )
        : entry.bound.invoke(ctx, {}, uri, ctx))) as ResourceOutput;
    } catch (err) {
      if (err instanceof ResourceNotFoundError) throw notFound(uri);
      throw err;
    }
    // Converted to the wire form (and capability-checked) by InputRequiredInterceptor.
    if (output instanceof InputRequired) return output as unknown as McpResult;
    const contents = toContents(output, uri, entry.mimeType);
    if (contents.length === 0) throw notFound(uri);
    return {
      contents,
      ttlMs: entry.ttlMs ?? this.settings.listTtlMs,
      // A resource may declare itself public, but not once callers are authenticated: results may
      // then hold per-user data
      // (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching#cache-scope-field).
      cacheScope: this.settings.callerScoped
        ? 'private'
        : (entry.cacheScope ?? this.settings.cacheScope),
    };
  }
}

function notFound(uri: string): JsonRpcError {
  return JsonRpcError.invalidParams(`Resource not found: ${quote(uri)}`, {
    uri,
  });
}

/** The wire `contents` of a handler's output. @throws Error (masked as -32603) on a malformed item. */
function toContents(
  output: Exclude<ResourceOutput, InputRequired>,
  uri: string,
  mimeType?: string,
): JsonObject[] {
  if (output === undefined || output === null) return [];
  if (typeof output === 'string')
    return [item(uri, mimeType, { text: output })];
  if (output instanceof Uint8Array)
    return [item(uri, mimeType, { blob: base64(output) })];
  // Checked field by field: handlers are typed, but a JS handler or a cast can return anything.
  const list: readonly unknown[] = Array.isArray(output) ? output : [output];
  return list.map((c) => {
    if (
      !isJsonObject(c) ||
      (c.uri !== undefined && typeof c.uri !== 'string')
    ) {
      throw malformed(uri);
    }
    const at = c.uri ?? uri;
    const type = typeof c.mimeType === 'string' ? c.mimeType : mimeType;
    if (typeof c.text === 'string') {
      return item(at, type, { text: c.text }, c._meta);
    }
    if (typeof c.blob === 'string' || c.blob instanceof Uint8Array) {
      return item(at, type, { blob: base64(c.blob) }, c._meta);
    }
    throw malformed(uri);
  });
}

function malformed(uri: string): Error {
  return new Error(
    `Resource ${uri}: each content needs a uri string (or none) and a string text or a blob`,
  );
}

function item(
  uri: string,
  mimeType: string | undefined,
  body: JsonObject,
  meta?: unknown,
): JsonObject {
  const content: JsonObject = { uri };
  if (mimeType !== undefined) content.mimeType = mimeType;
  Object.assign(content, body);
  if (meta !== undefined) content._meta = meta;
  return content;
}
