import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import {
  HEADER,
  LEGACY_VERSIONS,
  MODERN_VERSIONS,
} from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { headerValue } from './header-value.js';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from '../pipeline/mcp-step.interface.js';

/**
 * The declared revision must be one we serve in this era: -32022 with `supported` and `requested`
 * otherwise
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#protocol-version-negotiation).
 * A legacy request names its version in the header only, or not at all (the first `initialize`
 * carries none).
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Version })
export class VersionGuard implements McpStep {
  constructor(private readonly settings: ProtocolSettings) {}

  check(ctx: McpRequestContext): void {
    if (ctx.era === 'modern') {
      if (!MODERN_VERSIONS.includes(ctx.protocolVersion))
        this.unsupported(ctx.protocolVersion);
      return;
    }
    const requested = headerValue(ctx.headers, HEADER.protocolVersion);
    if (
      requested !== undefined &&
      requested !== null &&
      !LEGACY_VERSIONS.includes(requested)
    ) {
      this.unsupported(requested);
    }
    ctx.protocolVersion = requested ?? LEGACY_VERSIONS[0];
  }

  private unsupported(requested: string): never {
    throw new JsonRpcError(
      JsonRpcErrorCode.UnsupportedProtocolVersion,
      'Unsupported protocol version',
      {
        supported: this.settings.supportedVersions,
        requested,
      },
    );
  }
}
