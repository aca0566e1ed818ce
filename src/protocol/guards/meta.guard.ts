import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { isJsonObject } from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import type { McpGuard } from './mcp-guard.interface.js';

const LOG_LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

/**
 * Every 2026-07-28 request describes itself in `params._meta`: protocol version and client
 * capabilities are required, client info is optional (spec.md §2.1). Missing ones are -32602/400.
 */
@Injectable()
export class MetaGuard implements McpGuard {
  check(ctx: McpRequestContext): void {
    if (ctx.era !== 'modern') return;
    const meta = ctx.message.params._meta;
    if (!isJsonObject(meta)) throw missing('_meta');
    if (typeof meta[META.protocolVersion] !== 'string') throw missing(META.protocolVersion);
    if (!isJsonObject(meta[META.clientCapabilities])) throw missing(META.clientCapabilities);
    const level = meta[META.logLevel];
    if (level !== undefined && !LOG_LEVELS.has(level as string)) {
      throw JsonRpcError.invalidRequestParams(`Invalid params: unknown _meta ${META.logLevel}`);
    }
  }
}

function missing(key: string): JsonRpcError {
  return JsonRpcError.invalidRequestParams(`Invalid params: missing or invalid _meta ${key}`);
}
