import { Module } from '@nestjs/common';
import { envConfigProvider } from '../../config/env-config.provider.js';
import { AuthEnvironment } from './auth.env.js';
import { AuthSettings } from './auth-settings.js';
import { JwtBearerAuthenticator } from './jwt-bearer.authenticator.js';
import { McpAuthenticator } from './mcp-authenticator.interface.js';
import { ProtectedResourceController } from './protected-resource.controller.js';

/**
 * OAuth 2.1 resource-server mode (spec.md §11): binds `McpAuthenticator` to the JWT bearer
 * validator when `MCP_AUTH_ISSUER` and `MCP_AUTH_AUDIENCE` are set, and to nothing otherwise (the
 * endpoint then skips authentication entirely), and serves the protected-resource metadata.
 */
@Module({
  providers: [
    envConfigProvider(AuthEnvironment),
    {
      provide: AuthSettings,
      inject: [AuthEnvironment],
      useFactory: (env: AuthEnvironment) => new AuthSettings(env),
    },
    {
      provide: McpAuthenticator,
      inject: [AuthSettings],
      useFactory: (settings: AuthSettings) =>
        settings.enabled ? new JwtBearerAuthenticator(settings) : null,
    },
  ],
  controllers: [ProtectedResourceController],
  exports: [AuthSettings, McpAuthenticator],
})
export class McpAuthModule {}
