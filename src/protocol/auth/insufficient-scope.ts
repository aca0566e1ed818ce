import { Inject, Injectable, Optional } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { ScopeRefusal } from '../execution/access-rule.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { ActiveAuthenticator } from './active-authenticator.js';
import { AuthSettings } from './auth-settings.js';
import {
  McpAuthError,
  type McpAuthenticator,
} from './mcp-authenticator.interface.js';
import { ResourceIdentity } from './resource-identity.js';

/**
 * Answers a call that lacks a scope its tool (prompt, resource) requires: HTTP 403 with the step-up
 * challenge `Bearer error="insufficient_scope", scope="…"` (RFC 6750 §3.1), plus `resource_metadata`
 * (RFC 9728 §5.1) in OAuth mode, so the client can ask for a token with more scopes
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization). Without any
 * authentication there is no token to step up: a plain 403.
 */
@Injectable()
export class InsufficientScope {
  private readonly identity?: ResourceIdentity;

  constructor(
    settings: AuthSettings,
    @Optional()
    @Inject(ActiveAuthenticator)
    private readonly authenticator?: McpAuthenticator | null,
  ) {
    if (settings.enabled) this.identity = new ResourceIdentity(settings);
  }

  readonly refuse: ScopeRefusal = (
    headers: IncomingHttpHeaders,
    scopes: readonly string[],
  ) => {
    const message = `Forbidden: this needs the scope ${scopes.join(' ')}`;
    if (!this.authenticator) {
      return new JsonRpcError(
        JsonRpcErrorCode.InvalidRequest,
        message,
        { requiredScopes: scopes },
        403,
      );
    }
    const params = [
      'error="insufficient_scope"',
      `scope="${scopes.join(' ')}"`,
    ];
    if (this.identity)
      params.push(`resource_metadata="${this.identity.metadataUrl(headers)}"`);
    return new McpAuthError(403, `Bearer ${params.join(', ')}`, message);
  };
}
