import { ConfigError } from '../../config/validate-env.js';
import type { AuthEnvironment } from './auth.env.js';

/**
 * Scopes never advertised: refresh is the client's business with its AS
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization#refresh-tokens).
 */
const NEVER_ADVERTISED = new Set(['offline_access']);

/** Resource-server settings, derived once at boot from `AuthEnvironment`. */
export class AuthSettings {
  /** True when `/mcp` requires a bearer token. */
  readonly enabled: boolean;
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri?: URL;
  readonly requiredScopes: readonly string[];
  readonly scopesSupported: readonly string[];
  /** The configured resource identifier, if any (else derived per request). */
  readonly resource?: string;
  readonly clockToleranceSeconds: number;

  /** @throws ConfigError when only one of issuer and audience is set. */
  constructor(env: AuthEnvironment) {
    const issuer = env.MCP_AUTH_ISSUER;
    if ((issuer === undefined) !== (env.MCP_AUTH_AUDIENCE.length === 0)) {
      throw new ConfigError([
        'MCP_AUTH_ISSUER and MCP_AUTH_AUDIENCE turn authorization on together; set both or neither',
      ]);
    }
    this.enabled = issuer !== undefined;
    this.issuer = issuer ?? '';
    this.audiences = Object.freeze([...env.MCP_AUTH_AUDIENCE]);
    this.jwksUri =
      env.MCP_AUTH_JWKS_URI === undefined
        ? undefined
        : new URL(env.MCP_AUTH_JWKS_URI);
    this.requiredScopes = Object.freeze([...env.MCP_AUTH_REQUIRED_SCOPES]);
    const supported = env.MCP_AUTH_SCOPES_SUPPORTED.length
      ? env.MCP_AUTH_SCOPES_SUPPORTED
      : env.MCP_AUTH_REQUIRED_SCOPES;
    this.scopesSupported = Object.freeze(
      supported.filter((s) => !NEVER_ADVERTISED.has(s)),
    );
    this.resource = env.MCP_AUTH_RESOURCE?.replace(/\/+$/, '');
    this.clockToleranceSeconds = env.MCP_AUTH_CLOCK_TOLERANCE_S;
  }
}
