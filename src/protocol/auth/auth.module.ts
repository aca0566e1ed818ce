import { Module } from '@nestjs/common';
import { McpSettings } from '../../mcp/mcp-settings.js';
import { settingsProvider } from '../../mcp/settings.provider.js';
import { AuthEnvironment } from './auth.env.js';
import { AuthSettings } from './auth-settings.js';
import {
  ActiveAuthenticator,
  activeAuthenticator,
} from './active-authenticator.js';
import { InsufficientScope } from './insufficient-scope.js';
import { ProtectedResourceController } from './protected-resource.controller.js';

/**
 * Authentication of `/mcp`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization): the
 * `ActiveAuthenticator` is the application's own `McpAuthenticator` (`auth.authenticator` of
 * `McpModule`), else the OAuth bearer validator when its issuer and audience are set, else nothing
 * (the endpoint then skips authentication entirely). Also serves the protected-resource metadata.
 */
@Module({
  providers: [
    settingsProvider(AuthEnvironment),
    {
      provide: AuthSettings,
      inject: [AuthEnvironment],
      useFactory: (env: AuthEnvironment) => new AuthSettings(env),
    },
    {
      provide: ActiveAuthenticator,
      inject: [AuthSettings, McpSettings],
      useFactory: (auth: AuthSettings, settings: McpSettings) =>
        activeAuthenticator(auth, settings.authenticator),
    },
    InsufficientScope,
  ],
  controllers: [ProtectedResourceController],
  exports: [AuthSettings, ActiveAuthenticator, InsufficientScope],
})
export class McpAuthModule {}
