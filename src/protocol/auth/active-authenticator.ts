import type { AuthSettings } from './auth-settings.js';
import { JwtBearerAuthenticator } from './jwt-bearer.authenticator.js';
import type { McpAuthenticator } from './mcp-authenticator.interface.js';

/**
 * Injection token of the authenticator the endpoint uses, or `null` for none: the application's own
 * (`auth.authenticator` of `McpModule`), else the built-in OAuth bearer validator when its issuer is
 * set. `McpModule` refuses both at once.
 */
export const ActiveAuthenticator = Symbol('ActiveAuthenticator');

/** Picks the active authenticator. */
export function activeAuthenticator(
  settings: AuthSettings,
  custom?: McpAuthenticator | null,
): McpAuthenticator | null {
  return (
    custom ?? (settings.enabled ? new JwtBearerAuthenticator(settings) : null)
  );
}
