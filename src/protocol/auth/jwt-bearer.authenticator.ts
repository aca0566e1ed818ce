import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { IncomingMessage } from 'node:http';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import type { AuthSettings } from './auth-settings.js';
import {
  type McpAuthenticator,
  McpAuthError,
  type McpPrincipal,
} from './mcp-authenticator.interface.js';
import { ResourceIdentity } from './resource-identity.js';

/** Asymmetric algorithms only: a JWKS never holds a shared secret, and `none` is never accepted. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
/** RFC 6750 §2.1 `b64token`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
/** jose failures that mean "this token is not acceptable" (401); anything else is our problem (503). */
const TOKEN_FAULTS = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];
/** How long a failed metadata discovery is remembered before the next request tries again. */
const DISCOVERY_RETRY_MS = 2_000;

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Validates `Authorization: Bearer` JWTs as an OAuth 2.1 resource server
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization; RFC 9068 /
 * Microsoft Entra ID access tokens): signature against the issuer's JWKS (fetched once, cached,
 * refetched on an unknown `kid` at most every 30 s by jose), `iss`, `aud` (this server, RFC 8707),
 * `exp`/`nbf` with a small clock tolerance, then the required scopes. Refusals carry a
 * `WWW-Authenticate` challenge pointing at the protected-resource metadata (RFC 9728). Tokens are
 * never logged.
 */
export class JwtBearerAuthenticator implements McpAuthenticator {
  private readonly logger = new Logger('Auth');
  private readonly identity: ResourceIdentity;
  private keys?: Promise<KeySet>;

  constructor(private readonly settings: AuthSettings) {
    this.identity = new ResourceIdentity(settings);
  }

  async authenticate(req: IncomingMessage): Promise<McpPrincipal> {
    // Tokens travel in the Authorization header only, never in the URL
    // (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization#token-requirements;
    // RFC 6750 §2.3 is not offered): a URL ends up in logs and proxies.
    if (/[?&]access_token=/.test(req.url ?? '')) {
      throw this.refuse(
        req,
        400,
        'invalid_request',
        'Send the access token in the Authorization header, not the URL',
      );
    }
    const header = req.headers.authorization;
    if (header === undefined || !/^Bearer\b/i.test(header))
      throw this.refuse(req, 401);
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw this.refuse(req, 401, 'invalid_token', 'Malformed bearer token');
    const claims = await this.verify(req, token);
    const subject = typeof claims.oid === 'string' ? claims.oid : claims.sub;
    if (!subject)
      throw this.refuse(
        req,
        401,
        'invalid_token',
        'The token names no subject',
      );
    const scopes = scopesOf(claims);
    const missing = this.settings.requiredScopes.filter(
      (s) => !grants(scopes, s),
    );
    if (missing.length > 0)
      throw this.refuse(
        req,
        403,
        'insufficient_scope',
        'The token lacks a required scope',
      );
    return { subject, scopes, claims };
  }

  private async verify(
    req: IncomingMessage,
    token: string,
  ): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.settings.issuer,
        audience: [...this.settings.audiences],
        algorithms: ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (err) {
      if (TOKEN_FAULTS.some((fault) => err instanceof fault)) {
        throw this.refuse(
          req,
          401,
          'invalid_token',
          err instanceof errors.JWTExpired
            ? 'The token has expired'
            : 'The token is not valid here',
        );
      }
      if (err instanceof McpAuthError || err instanceof JsonRpcError) throw err;
      this.logger.warn(
        `Cannot validate tokens: ${(err as Error).name}: ${(err as Error).message}`,
      );
      throw unavailable();
    }
  }

  /** The issuer's key set: `MCP_AUTH_JWKS_URI`, or discovered from the issuer's metadata once. */
  private keySet(): Promise<KeySet> {
    this.keys ??= this.discover().then(
      (uri) =>
        createRemoteJWKSet(uri, {
          timeoutDuration: 5_000,
          cacheMaxAge: 10 * 60_000,
        }),
      (err: unknown) => {
        this.logger.warn(
          `Authorization server metadata unavailable: ${(err as Error).message}`,
        );
        setTimeout(() => (this.keys = undefined), DISCOVERY_RETRY_MS).unref();
        throw unavailable();
      },
    );
    return this.keys;
  }

  /** OpenID Connect discovery, then RFC 8414 (well-known inserted before the issuer's path). */
  private async discover(): Promise<URL> {
    if (this.settings.jwksUri) return this.settings.jwksUri;
    const issuer = new URL(this.settings.issuer);
    const path = issuer.pathname.replace(/\/+$/, '');
    const candidates = [
      `${issuer.origin}${path}/.well-known/openid-configuration`,
      `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
    ];
    for (const url of candidates) {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      if (!res?.ok) continue;
      const metadata = (await res.json().catch(() => ({}))) as {
        issuer?: unknown;
        jwks_uri?: unknown;
      };
      // The metadata must be the issuer's own (RFC 8414 §3.3), or its keys mean nothing.
      if (
        metadata.issuer === this.settings.issuer &&
        typeof metadata.jwks_uri === 'string'
      )
        return new URL(metadata.jwks_uri);
    }
    throw new Error(`no usable metadata at ${candidates.join(' or ')}`);
  }

  /** A refusal with the RFC 6750 / RFC 9728 challenge. */
  private refuse(
    req: IncomingMessage,
    status: 400 | 401 | 403,
    error?: string,
    description?: string,
  ): McpAuthError {
    const params = [
      `resource_metadata="${this.identity.metadataUrl(req.headers)}"`,
    ];
    if (error)
      params.unshift(`error="${error}"`, `error_description="${description}"`);
    if (
      status === 403 ||
      (status === 401 && this.settings.requiredScopes.length > 0)
    ) {
      params.push(`scope="${this.settings.requiredScopes.join(' ')}"`);
    }
    return new McpAuthError(status, `Bearer ${params.join(', ')}`, description);
  }
}

/** Scopes a token grants: `scope` (RFC 9068) or `scp` (Entra ID), space-separated or a list, plus app `roles`. */
function scopesOf(claims: JWTPayload): string[] {
  const out = new Set<string>();
  for (const claim of [claims.scope, claims.scp, claims.roles]) {
    const values =
      typeof claim === 'string'
        ? claim.split(' ')
        : Array.isArray(claim)
          ? claim
          : [];
    for (const v of values) if (typeof v === 'string' && v) out.add(v);
  }
  return [...out];
}

/**
 * Whether `scopes` grant `required`. Entra ID clients request `api://<app>/<scope>` but the token
 * carries the bare `<scope>` in `scp`; either form matches.
 */
function grants(scopes: readonly string[], required: string): boolean {
  return (
    scopes.includes(required) ||
    scopes.includes(required.slice(required.lastIndexOf('/') + 1))
  );
}

function unavailable(): JsonRpcError {
  return new JsonRpcError(
    JsonRpcErrorCode.InternalError,
    'Cannot validate access tokens right now; retry shortly',
    undefined,
    503,
  );
}
