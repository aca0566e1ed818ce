import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { isProduction } from '../config/required-in-production.js';
import { ConfigError } from '../config/validate-env.js';
import {
  McpAuthError,
  type McpAuthenticator,
  type McpPrincipal,
} from '../protocol/auth/mcp-authenticator.interface.js';

/** The header `McpTestClient` sets the caller in: the principal as base64url-encoded JSON. */
export const TEST_CALLER_HEADER = 'x-mcp-test-caller';

/**
 * An authenticator for tests: the caller is whoever the request says it is, in the
 * `X-Mcp-Test-Caller` header that `McpTestClient.as(principal)` sets. A request without the header
 * is refused with 401, as by a real authenticator, so tests can check that path too.
 *
 * Plugged in like any authenticator, as `auth.authenticator` of `McpModule` (the class or an
 * instance), in place of the application's own in a test. It refuses to boot in production: when
 * `McpModule`'s `production` option is on (`allowedInProduction: false`), and whatever the options
 * say when the process runs with `NODE_ENV=production` or on an App Service instance
 * (`WEBSITE_INSTANCE_ID`).
 * @throws ConfigError from the constructor in a production process.
 */
@Injectable()
export class McpTestAuthenticator implements McpAuthenticator {
  /** Never serves real callers: `McpModule` refuses it when `production` is on. */
  readonly allowedInProduction = false;

  constructor() {
    if (isProduction(process.env))
      throw new ConfigError([
        'McpTestAuthenticator lets every request choose its caller: it is for tests only and refuses to boot in production (NODE_ENV=production or an App Service instance)',
      ]);
  }

  async authenticate(req: IncomingMessage): Promise<McpPrincipal> {
    const header = req.headers[TEST_CALLER_HEADER];
    if (typeof header !== 'string')
      throw new McpAuthError(
        401,
        'Test realm="mcp"',
        `No caller: McpTestAuthenticator needs the ${TEST_CALLER_HEADER} header (McpTestClient.as(principal))`,
      );
    return decodeCaller(header);
  }
}

/** The header value for `caller`. */
export function encodeCaller(caller: McpPrincipal): string {
  return Buffer.from(JSON.stringify(caller)).toString('base64url');
}

function decodeCaller(value: string): McpPrincipal {
  let caller: unknown;
  try {
    caller = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    caller = undefined;
  }
  const p = caller as Partial<McpPrincipal> | undefined;
  if (
    typeof p?.subject !== 'string' ||
    !Array.isArray(p.scopes) ||
    typeof p.claims !== 'object' ||
    p.claims === null
  )
    throw new McpAuthError(
      400,
      'Test realm="mcp", error="invalid_request"',
      `${TEST_CALLER_HEADER} is not a base64url JSON principal { subject, scopes, claims }`,
    );
  return { subject: p.subject, scopes: p.scopes, claims: p.claims };
}
