import type { IncomingHttpHeaders } from 'node:http';
import { MCP_PATH } from '../protocol.constants.js';
import type { AuthSettings } from './auth-settings.js';

/** A Host header we can put in a URL: a name or IP literal and an optional port. */
const HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/** Path of the RFC 9728 protected-resource metadata; `/mcp` appended for the path-specific copy. */
export const PROTECTED_RESOURCE_METADATA_PATH =
  '/.well-known/oauth-protected-resource';

/**
 * This server as an OAuth protected resource: its identifier (the `/mcp` URL, RFC 8707) and where
 * its metadata lives. Configured (`MCP_AUTH_RESOURCE`), or derived from the request the client made:
 * App Service's front end passes the public Host and `X-Forwarded-Proto`.
 */
export class ResourceIdentity {
  constructor(private readonly settings: AuthSettings) {}

  /** The resource identifier, e.g. `https://mcp.contoso.com/mcp`. */
  resource(headers: IncomingHttpHeaders): string {
    if (this.settings.resource) return this.settings.resource;
    const forwarded = String(headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      .trim();
    const proto =
      forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
    const host =
      headers.host !== undefined && HOST.test(headers.host)
        ? headers.host
        : 'localhost';
    return `${proto}://${host}${MCP_PATH}`;
  }

  /**
   * URL of the metadata that describes `resource`: the path-specific well-known location (RFC 9728
   * §3.1), whose `resource` is exactly the URL the client called (§3.3).
   */
  metadataUrl(headers: IncomingHttpHeaders): string {
    const resource = new URL(this.resource(headers));
    return `${resource.origin}${PROTECTED_RESOURCE_METADATA_PATH}${resource.pathname.replace(/\/+$/, '')}`;
  }
}
