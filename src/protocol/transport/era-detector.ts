import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { ProtocolEra } from '../dispatch/mcp-request-context.js';
import {
  isJsonObject,
  type JsonRpcRequest,
} from '../json-rpc/json-rpc.types.js';
import { HEADER, META, MODERN_VERSIONS } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';

/**
 * Tells which rules a request is served under. Modern (2026-07-28) when the header names a modern
 * version, `_meta` declares a version, or the method is `server/discover`; otherwise an
 * initialize-first 2025-11-25 client, served in lenient mode only. So a modern request that forgot
 * `_meta` gets -32602 rather than being mistaken for a legacy one.
 */
@Injectable()
export class EraDetector {
  constructor(private readonly settings: ProtocolSettings) {}

  eraOf(headers: IncomingHttpHeaders, message: JsonRpcRequest): ProtocolEra {
    if (this.settings.strict) return 'modern';
    const version = headers[HEADER.protocolVersion];
    if (typeof version === 'string' && MODERN_VERSIONS.includes(version.trim()))
      return 'modern';
    const meta = message.params._meta;
    if (isJsonObject(meta) && META.protocolVersion in meta) return 'modern';
    return message.method === 'server/discover' ? 'modern' : 'legacy';
  }
}
