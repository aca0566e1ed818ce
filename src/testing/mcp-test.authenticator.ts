import { Inject, Injectable, Optional } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { BOOT_ENV, type Env } from '../config/app-config.module.js';
import { isProduction } from '../config/required-in-production.js';
import {
  McpAuthError,
  type McpAuthenticator,
  type McpPrincipal,
} from '../protocol/auth/mcp-authenticator.interface.js';

/** The header `McpTestClient` sets the caller in: the principal as base64url-encoded JSON. */
export const TEST_CALLER_HEADER = 'x-mcp-test-caller';

/** Thrown at boot when `McpTestAuthenticator` is configured in production. */
export class TestAuthenticatorInProductionError extends Error {
  override readonly name = 'TestAuthenticatorInProductionError';

  constructor() {
    super(
      'McpTestAuthenticator lets every request choose its caller: it is for tests only and refuses to boot in production (NODE_ENV=production or an App Service instance). Configure your real McpAuthenticator there.',
    );
  }
}

/**
 * An authenticator for tests: the caller is whoever the request says it is, in the
 * `X-Mcp-Test-Caller` header that `McpTestClient.as(principal)` sets. A request without the header
 * is refused with 401, as by a real authenticator, so tests can check that path too. It refuses to
 * boot in production (`NODE_ENV=production`, or `WEBSITE_INSTANCE_ID` set by App Service) — in the
 * process's environment or in the one given to `McpModule.forRoot({ env })`.
 *
 * Use it instead of the application's authenticator in a test:
 * `Test.createTestingModule({ imports: [AppModule] }).overrideProvider(McpAuthenticator).useClass(McpTestAuthenticator)`,
 * or `McpModule.forRoot({ authenticator: McpTestAuthenticator })` in a test module.
 */
@Injectable()
export class McpTestAuthenticator implements McpAuthenticator {
  constructor(@Optional() @Inject(BOOT_ENV) env?: Env) {
    if (isProduction(process.env) || (env && isProduction(env)))
      throw new TestAuthenticatorInProductionError();
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
