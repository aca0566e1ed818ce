import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { isJsonObject } from '../json-rpc/json-rpc.types.js';
import { LOG_LEVELS, META } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from '../pipeline/mcp-step.interface.js';

/**
 * Every 2026-07-28 request describes itself in `params._meta`: protocol version and client
 * capabilities are required, client info is optional
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta). Missing ones are
 * -32602/400.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Meta })
export class MetaGuard implements McpStep {
  constructor(private readonly settings: ProtocolSettings) {}

  check(ctx: McpRequestContext): void {
    if (ctx.era !== 'modern') return;
    const meta = ctx.message.params._meta;
    const version = isJsonObject(meta) ? meta[META.protocolVersion] : undefined;
    if (version === undefined && ctx.method === 'initialize')
      this.refuseHandshake(ctx);
    if (!isJsonObject(meta)) throw missing('_meta');
    if (typeof version !== 'string') throw missing(META.protocolVersion);
    if (!isJsonObject(meta[META.clientCapabilities]))
      throw missing(META.clientCapabilities);
    const level = meta[META.logLevel];
    if (level !== undefined && !LOG_LEVELS.has(level as string)) {
      throw JsonRpcError.invalidRequestParams(
        `Invalid params: unknown _meta ${META.logLevel}`,
      );
    }
  }

  /**
   * A 2025-era `initialize` reaching a modern-only (strict) server: name the versions we do serve
   * so the client can tell what went wrong
   * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions).
   */
  private refuseHandshake(ctx: McpRequestContext): never {
    const requested = ctx.message.params.protocolVersion;
    throw new JsonRpcError(
      JsonRpcErrorCode.UnsupportedProtocolVersion,
      'Unsupported protocol version',
      {
        supported: this.settings.supportedVersions,
        requested: typeof requested === 'string' ? requested : '',
      },
    );
  }
}

function missing(key: string): JsonRpcError {
  return JsonRpcError.invalidRequestParams(
    `Invalid params: missing or invalid _meta ${key}`,
  );
}
