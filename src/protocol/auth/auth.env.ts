import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { EnvInt, EnvList, EnvTrimmed } from '../../config/env-transforms.js';

const URL_RULES = {
  require_tld: false,
  require_protocol: true,
  protocols: ['http', 'https'],
};

/**
 * OAuth 2.1 resource-server mode
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization), off by default.
 * Setting `MCP_AUTH_ISSUER` and `MCP_AUTH_AUDIENCE` turns it on: every `/mcp` request then needs a
 * bearer token from that issuer for that audience.
 */
export class AuthEnvironment {
  /**
   * The authorization server's issuer, exactly as tokens carry it in `iss`; for Microsoft Entra ID
   * (v2 tokens) `https://login.microsoftonline.com/<tenant-id>/v2.0`.
   */
  @EnvTrimmed() @IsOptional() @IsUrl(URL_RULES) MCP_AUTH_ISSUER?: string;

  /**
   * Accepted `aud` values, comma-separated: this server (RFC 8707). For Entra ID the application
   * (client) id, and its App ID URI if tokens may carry that.
   */
  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  MCP_AUTH_AUDIENCE: string[] = [];

  /** JWKS location; default: `jwks_uri` from the issuer's OpenID / OAuth metadata. */
  @EnvTrimmed() @IsOptional() @IsUrl(URL_RULES) MCP_AUTH_JWKS_URI?: string;

  /** Scopes every request needs (403 `insufficient_scope` otherwise), comma-separated. */
  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  MCP_AUTH_REQUIRED_SCOPES: string[] = [];

  /** `scopes_supported` in the protected-resource metadata; default: the required scopes. */
  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  MCP_AUTH_SCOPES_SUPPORTED: string[] = [];

  /**
   * This server's resource identifier (its `/mcp` URL, e.g. `https://mcp.contoso.com/mcp`), as
   * published in the metadata. Default: derived from each request's Host and X-Forwarded-Proto,
   * which stays right across slot swaps and custom domains.
   */
  @EnvTrimmed() @IsOptional() @IsUrl(URL_RULES) MCP_AUTH_RESOURCE?: string;

  /** Clock skew allowed on `exp` / `nbf`, in seconds. */
  @EnvInt() @IsInt() @Min(0) @Max(600) MCP_AUTH_CLOCK_TOLERANCE_S = 60;
}
