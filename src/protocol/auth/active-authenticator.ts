import { ConfigError } from '../../config/validate-env.js';
import type { AuthSettings } from './auth-settings.js';
import { JwtBearerAuthenticator } from './jwt-bearer.authenticator.js';
import type { McpAuthenticator } from './mcp-authenticator.interface.js';

/**
 * Injection token of the authenticator the endpoint uses, or `null` for none: one an application
 * binds to `McpAuthenticator` (a global module), else the built-in OAuth bearer validator when
 * `MCP_AUTH_ISSUER` is set.
 */
export const ActiveAuthenticator = Symbol('ActiveAuthenticator');

/**
 * Picks the active authenticator.
 * @throws ConfigError when both are configured: two gatekeepers with different rules is a mistake.
 */
export function activeAuthenticator(
  settings: AuthSettings,
  custom?: McpAuthenticator | null,
): McpAuthenticator | null {
  if (custom && settings.enabled) {
    throw new ConfigError([
      'MCP_AUTH_ISSUER is set but the application binds its own McpAuthenticator; use one',
    ]);
  }
  return (
    custom ?? (settings.enabled ? new JwtBearerAuthenticator(settings) : null)
  );
}
