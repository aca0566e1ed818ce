import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import {
  McpAuthError,
  type McpAuthenticator,
  type McpPrincipal,
} from '../auth/mcp-authenticator.interface.js';
import { fakeContext } from '../testing/fake-context.spec-helper.js';
import { AuthenticationStep } from './authentication.step.js';

const alice: McpPrincipal = { subject: 'alice', scopes: ['a'], claims: {} };
/** Accepts `Authorization: alice`, refuses anything else with 401. */
const authenticator: McpAuthenticator = {
  authenticate: (req: IncomingMessage) =>
    req.headers.authorization === 'alice'
      ? Promise.resolve(alice)
      : Promise.reject(new McpAuthError(401, 'Bearer')),
};

describe(AuthenticationStep.name, () => {
  it('is left out of the pipeline without an authenticator', () => {
    expect(new AuthenticationStep().enabled).toBe(false);
    expect(new AuthenticationStep(null).enabled).toBe(false);
    expect(new AuthenticationStep(authenticator).enabled).toBe(true);
  });

  it('sets the principal the authenticator establishes', async () => {
    const { ctx } = fakeContext({ headers: { authorization: 'alice' } });
    await new AuthenticationStep(authenticator).check(ctx);
    expect(ctx.principal).toBe(alice);
  });

  it("passes the authenticator's refusal on, leaving the caller unknown", async () => {
    const { ctx } = fakeContext({ headers: { authorization: 'mallory' } });
    await expect(
      new AuthenticationStep(authenticator).check(ctx),
    ).rejects.toMatchObject({ status: 401, challenge: 'Bearer' });
    expect(ctx.principal).toBeUndefined();
  });
});
