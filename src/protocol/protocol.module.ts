import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { settingsProvider } from '../mcp/settings.provider.js';
import { HandlesModule } from '../handles/handles.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { SigningKeyRing } from '../keys/signing-key.ring.js';
import { RedisModule } from '../redis/redis.module.js';
import { McpHandlerEnhancer } from './execution/mcp-handler.enhancer.js';
import { InstanceModule } from '../instance/instance.module.js';
import { AdmissionEnvironment } from './admission/admission.env.js';
import { AdmissionGate } from './admission/admission.gate.js';
import { McpAuthModule } from './auth/auth.module.js';
import { ActiveAuthenticator } from './auth/active-authenticator.js';
import type { McpAuthenticator } from './auth/mcp-authenticator.interface.js';
import { McpMethodRegistry } from './dispatch/mcp-method.registry.js';
import { ServerDiscoverHandler } from './dispatch/server-discover.handler.js';
import { HeaderGuard } from './guards/header.guard.js';
import { MetaGuard } from './guards/meta.guard.js';
import { OriginGuard } from './guards/origin.guard.js';
import { ParamHeaderGuard } from './guards/param-header.guard.js';
import { VersionGuard } from './guards/version.guard.js';
import { ResultMetaInterceptor } from './interceptors/result-meta.interceptor.js';
import { TraceInterceptor } from './interceptors/trace.interceptor.js';
import { LegacyHandshakeHandler } from './legacy/legacy-handshake.handler.js';
import { InputRequiredInterceptor } from './mrtr/input-required.interceptor.js';
import { RequestStateCodec } from './mrtr/request-state.codec.js';
import { ProtocolEnvironment } from './protocol.env.js';
import { ListChangeBus } from './subscriptions/list-change.bus.js';
import { ListChangeRelayActivator } from './subscriptions/list-change-relay.activator.js';
import { SubscriptionsListenHandler } from './subscriptions/subscriptions-listen.handler.js';
import { ProtocolSettings } from './protocol-settings.js';
import { AuthenticationStep } from './pipeline/authentication.step.js';
import { DeadlineStep } from './pipeline/deadline.step.js';
import { EnvelopeStep } from './pipeline/envelope.step.js';
import { McpPipeline } from './pipeline/mcp-pipeline.js';
import { MethodStep } from './pipeline/method.step.js';
import { ActiveRequests } from './admission/active-requests.js';
import { EraDetector } from './transport/era-detector.js';
import { McpEndpoint } from './transport/mcp-endpoint.service.js';
import { McpErrorMapper } from './transport/mcp-error.mapper.js';

/**
 * The MCP wire: transport, guards, envelope, method table, result interceptors and the legacy era.
 * Knows no tool, prompt or resource by name; feature modules register methods in its registry.
 */
@Module({
  // Keys seal MRTR requestState; Redis (and the handle backend choice) carry list changes.
  imports: [
    DiscoveryModule,
    InstanceModule,
    McpAuthModule,
    KeysModule,
    RedisModule,
    HandlesModule,
  ],
  providers: [
    settingsProvider(ProtocolEnvironment),
    settingsProvider(AdmissionEnvironment),
    AdmissionGate,
    {
      provide: ProtocolSettings,
      inject: [ProtocolEnvironment, ActiveAuthenticator],
      // Results may depend on the caller once callers are authenticated (cacheScope private).
      useFactory: (env: ProtocolEnvironment, auth: McpAuthenticator | null) =>
        new ProtocolSettings(env, auth !== null),
    },
    McpMethodRegistry,
    // The steps of POST /mcp; McpPipeline orders them by their @McpPipelineStep order.
    OriginGuard,
    AuthenticationStep,
    EnvelopeStep,
    TraceInterceptor,
    MetaGuard,
    HeaderGuard,
    VersionGuard,
    MethodStep,
    ParamHeaderGuard,
    DeadlineStep,
    ResultMetaInterceptor,
    {
      // Sealed with the deployment's handle keys, so any instance can continue any MRTR exchange.
      provide: RequestStateCodec,
      inject: [SigningKeyRing],
      useFactory: (ring: SigningKeyRing) =>
        new RequestStateCodec(ring.derive('request-state/v1'), ring.signingKid),
    },
    InputRequiredInterceptor,
    McpPipeline,
    EraDetector,
    McpErrorMapper,
    ActiveRequests,
    McpHandlerEnhancer,
    ServerDiscoverHandler,
    LegacyHandshakeHandler,
    ListChangeBus,
    ListChangeRelayActivator,
    SubscriptionsListenHandler,
    McpEndpoint,
  ],
  exports: [
    AdmissionGate,
    McpMethodRegistry,
    ProtocolSettings,
    McpEndpoint,
    ListChangeBus,
    McpHandlerEnhancer,
    McpAuthModule,
  ],
})
export class ProtocolModule {}
