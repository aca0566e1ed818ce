import { Module } from '@nestjs/common';
import { envConfigProvider } from '../config/env-config.provider.js';
import { McpMethodRegistry } from './dispatch/mcp-method.registry.js';
import { ServerDiscoverHandler } from './dispatch/server-discover.handler.js';
import { HeaderGuard } from './guards/header.guard.js';
import { MetaGuard } from './guards/meta.guard.js';
import { OriginGuard } from './guards/origin.guard.js';
import { ParamHeaderGuard } from './guards/param-header.guard.js';
import { VersionGuard } from './guards/version.guard.js';
import { MCP_INTERCEPTORS } from './interceptors/mcp-interceptors.token.js';
import { ResultMetaInterceptor } from './interceptors/result-meta.interceptor.js';
import { LegacyHandshakeHandler } from './legacy/legacy-handshake.handler.js';
import { ProtocolEnvironment } from './protocol.env.js';
import { ProtocolSettings } from './protocol-settings.js';
import { McpEndpoint } from './transport/mcp-endpoint.service.js';

/**
 * The MCP wire: transport, guards, envelope, method table, result interceptors and the legacy era.
 * Knows no tool, prompt or resource by name; feature modules register methods in its registry.
 */
@Module({
  providers: [
    envConfigProvider(ProtocolEnvironment),
    {
      provide: ProtocolSettings,
      inject: [ProtocolEnvironment],
      useFactory: (env: ProtocolEnvironment) => new ProtocolSettings(env),
    },
    McpMethodRegistry,
    OriginGuard,
    MetaGuard,
    HeaderGuard,
    VersionGuard,
    ParamHeaderGuard,
    ResultMetaInterceptor,
    {
      provide: MCP_INTERCEPTORS,
      inject: [ResultMetaInterceptor],
      useFactory: (...interceptors: unknown[]) => interceptors,
    },
    ServerDiscoverHandler,
    LegacyHandshakeHandler,
    McpEndpoint,
  ],
  exports: [McpMethodRegistry, ProtocolSettings, McpEndpoint],
})
export class ProtocolModule {}
