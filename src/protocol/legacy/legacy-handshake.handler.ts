import { Injectable, type OnModuleInit } from '@nestjs/common';
import { McpMethodRegistry } from '../dispatch/mcp-method.registry.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import type { JsonObject, McpResult } from '../json-rpc/json-rpc.types.js';
import { LEGACY_VERSIONS, LOG_LEVELS } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { legacyCapabilities } from './legacy-capabilities.js';

/**
 * The 2025-11-25 handshake, served statelessly for legacy clients in lenient mode (VS Code 1.132
 * and the v1 SDK still open with `initialize`;
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions).
 * Nothing is remembered between requests and no `Mcp-Session-Id` is minted. Under 2026-07-28 both
 * methods are unknown (-32601), as the conformance suite expects.
 */
@Injectable()
export class LegacyHandshakeHandler implements OnModuleInit {
  constructor(
    private readonly registry: McpMethodRegistry,
    private readonly settings: ProtocolSettings,
  ) {}

  onModuleInit(): void {
    if (this.settings.strict) return;
    const legacyOnly = { eras: ['legacy'] as const };
    this.registry.register(
      'initialize',
      (params) => this.initialize(params),
      legacyOnly,
    );
    this.registry.register('ping', () => ({}), legacyOnly);
    this.registry.register(
      'logging/setLevel',
      (params) => this.setLevel(params),
      legacyOnly,
    );
  }

  /**
   * Accepted and validated, but not remembered: there is no session to keep it in. Legacy-era
   * requests log at info and above (see McpRequestContext.log).
   */
  setLevel(params: JsonObject): McpResult {
    if (!LOG_LEVELS.has(params.level as string))
      throw JsonRpcError.invalidParams('Invalid params: unknown log level');
    return {};
  }

  initialize(params: JsonObject): McpResult {
    // Version negotiation of 2025-11-25: echo the client's version if we speak it, else offer ours.
    const requested = params.protocolVersion;
    const protocolVersion =
      typeof requested === 'string' && LEGACY_VERSIONS.includes(requested)
        ? requested
        : LEGACY_VERSIONS[0];
    // Extensions negotiate per request under 2026-07-28 (the tasks extension, SEP-2663, has no
    // 2025-era methods here), so a 2025-11-25 client is not offered them.
    const { extensions: _modernOnly, ...capabilities } =
      this.registry.capabilities();
    return {
      protocolVersion,
      capabilities: legacyCapabilities(capabilities),
      serverInfo: this.settings.serverInfo,
      instructions: this.settings.instructions,
    };
  }
}
