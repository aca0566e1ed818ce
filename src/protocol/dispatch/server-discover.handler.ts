import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { McpMethodRegistry } from './mcp-method.registry.js';

/**
 * `server/discover` (SEP-2575,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/discover): versions, capabilities
 * derived from what is registered, instructions and cache hints. Server identity travels in
 * `_meta`, stamped by `ResultMetaInterceptor`, not in the body.
 */
@Injectable()
export class ServerDiscoverHandler implements OnModuleInit {
  constructor(
    private readonly registry: McpMethodRegistry,
    private readonly settings: ProtocolSettings,
  ) {}

  onModuleInit(): void {
    this.registry.register('server/discover', () => this.discover(), {
      eras: ['modern'],
    });
    // Every handler can log through its context when the request asks (`_meta` logLevel).
    this.registry.declareCapability('logging', {});
  }

  discover(): McpResult {
    return {
      supportedVersions: this.settings.supportedVersions,
      capabilities: this.registry.capabilities(),
      instructions: this.settings.instructions,
      ttlMs: this.settings.listTtlMs,
      cacheScope: this.settings.cacheScope,
    };
  }
}
