import type { IncomingMessage } from 'node:http';

/** Who is calling, as established by an `McpAuthenticator` (e.g. from a bearer token). */
export interface McpPrincipal {
  /** Stable subject identifier (`sub`, or `oid` for Entra ID). */
  readonly subject: string;
  readonly scopes: readonly string[];
  /** The verified claims, for tools that need more. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Refuses a request at the HTTP level
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization#error-handling):
 * 401 (no or bad token) or 403 (insufficient scope) with a `WWW-Authenticate` challenge, or 400 for
 * a token sent where it must not be (RFC 6750 `invalid_request`). The body is a JSON-RPC error
 * without an id.
 */
export class McpAuthError extends Error {
  override readonly name = 'McpAuthError';

  constructor(
    readonly status: 400 | 401 | 403,
    readonly challenge: string,
    message = status === 401
      ? 'Unauthorized'
      : status === 403
        ? 'Forbidden'
        : 'Bad Request',
  ) {
    super(message);
  }
}

/**
 * Optional authentication seam of the MCP endpoint, plugged in as `auth.authenticator` of
 * `McpModule` (a class or an instance): every `/mcp` request then passes through it before its body
 * is read.
 */
export interface McpAuthenticator {
  /** @throws McpAuthError to refuse the request. */
  authenticate(req: IncomingMessage): Promise<McpPrincipal>;
  /**
   * `false` for an authenticator that must never serve real callers (the testing kit's
   * `McpTestAuthenticator` lets each request choose its caller): `McpModule` then refuses to boot
   * when `production` is on. Default `true`.
   */
  readonly allowedInProduction?: boolean;
}
