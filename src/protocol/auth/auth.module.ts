import { Module } from '@nestjs/common';
import { envConfigProvider } from '../../config/env-config.provider.js';
import { AuthEnvironment } from './auth.env.js';
import { AuthSettings } from './auth-settings.js';
import {
  ActiveAuthenticator,
  activeAuthenticator,
} from './active-authenticator.js';
import { McpAuthenticator } from './mcp-authenticator.interface.js';
import { InsufficientScope } from './insufficient-scope.js';
import { ProtectedResourceController } from './protected-resource.controller.js';

/**
 * Authentication of `/mcp`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization): the
 * `ActiveAuthenticator` is an application's own `McpAuthenticator` if one is bound (globally), else
 * the OAuth bearer validator when `MCP_AUTH_ISSUER` and `MCP_AUTH_AUDIENCE` are set, else nothing
 * (the endpoint then skips authentication entirely). Also serves the protected-resource metadata.
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
      provide: ActiveAuthenticator,
      inject: [AuthSettings, { token: McpAuthenticator, optional: true }],
      useFactory: activeAuthenticator,
    },
    InsufficientScope,
  ],
  controllers: [ProtectedResourceController],
  exports: [AuthSettings, ActiveAuthenticator, InsufficientScope],
})
export class McpAuthModule {}
