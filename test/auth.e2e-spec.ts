import { FORBIDDEN_IN_HEADER } from './support/raw-http.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import request from 'supertest';
import { HeaderAuthenticator } from './fixtures/handle-fixtures.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, standardHeaders, modernMeta } from './support/mcp-request.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import { TestIssuer } from './support/test-issuer.js';
import { ReportWriteTool } from './fixtures/guarded-tools.js';
import { Module } from '@nestjs/common';
import { requireTool } from './support/system-tools.js';
import { waitFor } from './support/wait-for.js';

const AUDIENCE = 'api://mcp-test';
const SCOPE = 'mcp.access';

/** Calls `method` with `Authorization: Bearer <token>` (or none). */
function call(
  t: TestServer,
  token: string | undefined,
  method = 'tools/list',
  params: Record<string, unknown> = {},
) {
  return mcp(t.server, method, params, {
    extraHeaders:
      token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
}

function challenge(res: {
  headers: Record<string, string>;
}): Record<string, string> {
  const header = res.headers['www-authenticate'] ?? '';
  expect(header).toMatch(/^Bearer /);
  return Object.fromEntries(
    [...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
}

describe('OAuth 2.1 resource-server mode (MCP basic/authorization)', () => {
  let issuer: TestIssuer;
  let t: TestServer;
  let metadataUrl: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await startApp({
      MCP_AUTH_ISSUER: issuer.issuer,
      MCP_AUTH_AUDIENCE: `${AUDIENCE},https://mcp.example.com/mcp`,
      MCP_AUTH_REQUIRED_SCOPES: SCOPE,
      MCP_AUTH_SCOPES_SUPPORTED: `${SCOPE},offline_access`,
    });
    metadataUrl = `${t.baseUrl}/.well-known/oauth-protected-resource/mcp`;
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  const valid = (claims: Record<string, unknown> = {}) =>
    issuer.token(AUDIENCE, { claims: { scp: SCOPE, ...claims } });

  it('serves a request with a valid token', async () => {
    const res = await call(t, await valid());
    expect(res.status).toBe(200);
    expect(res.body.result.tools.length).toBeGreaterThan(0);
  });

  it('accepts any configured audience (client id or resource URI)', async () => {
    const res = await call(
      t,
      await issuer.token('https://mcp.example.com/mcp', {
        claims: { scope: `${SCOPE} other` },
      }),
    );
    expect(res.status).toBe(200);
  });

  it('answers a request without a token with 401 and a challenge pointing at the metadata', async () => {
    const res = await call(t, undefined);
    expect(res.status).toBe(401);
    expect(challenge(res)).toEqual({
      resource_metadata: metadataUrl,
      scope: SCOPE,
    });
    expect(res.body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Unauthorized' },
    });
  });

  it('treats another scheme like no token', async () => {
    const res = await mcp(
      t.server,
      'tools/list',
      {},
      { extraHeaders: { Authorization: 'Basic dXNlcjpwYXNz' } },
    );
    expect(res.status).toBe(401);
    expect(challenge(res).error).toBeUndefined();
  });

  it.each([
    ['expired', () => valid({ exp: Math.floor(Date.now() / 1000) - 300 })],
    [
      'not yet valid',
      () => valid({ nbf: Math.floor(Date.now() / 1000) + 600 }),
    ],
    [
      'for another audience',
      () => issuer.token('api://someone-else', { claims: { scp: SCOPE } }),
    ],
    ['from another issuer', () => valid({ iss: 'https://evil.example.com/' })],
    [
      'signed with a key the issuer does not publish',
      () =>
        issuer.token(AUDIENCE, { claims: { scp: SCOPE }, foreignKey: true }),
    ],
    [
      'signed with an unknown kid',
      () =>
        issuer.token(AUDIENCE, {
          claims: { scp: SCOPE },
          foreignKey: true,
          kid: 'rogue',
        }),
    ],
    ['without exp', () => valid({ exp: undefined })],
    ['without a subject', () => valid({ sub: undefined })],
    [
      'alg none',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: issuer.issuer, aud: AUDIENCE, sub: 'x', scp: SCOPE, exp: 9e9 })).toString('base64url')}.`,
    ],
    [
      'HS256 with a guessed secret',
      () =>
        new SignJWT({
          iss: issuer.issuer,
          aud: AUDIENCE,
          sub: 'x',
          scp: SCOPE,
          exp: 9e9,
        })
          .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
          .sign(Buffer.alloc(32, 7)),
    ],
    ['not a JWT', async () => 'abc.def'],
    ['garbage', async () => 'not a token at all!'],
  ])('answers a token %s with 401 invalid_token', async (_what, make) => {
    const res = await call(t, await make());
    expect(res.status).toBe(401);
    expect(challenge(res)).toMatchObject({
      error: 'invalid_token',
      resource_metadata: metadataUrl,
    });
    expect(res.body.error.code).toBe(-32600);
  });

  it('allows a small clock skew on exp', async () => {
    expect(
      (await call(t, await valid({ exp: Math.floor(Date.now() / 1000) - 20 })))
        .status,
    ).toBe(200);
  });

  it('answers a token without the required scope with 403 insufficient_scope', async () => {
    const res = await call(t, await valid({ scp: 'other.scope' }));
    expect(res.status).toBe(403);
    expect(challenge(res)).toEqual({
      error: 'insufficient_scope',
      error_description: 'The token lacks a required scope',
      scope: SCOPE,
      resource_metadata: metadataUrl,
    });
  });

  it('refuses a token in the query string', async () => {
    const token = await valid();
    const res = await request(t.server)
      .post(`/mcp?access_token=${token}`)
      .set(standardHeaders('tools/list'))
      .send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/list',
          params: { _meta: modernMeta() },
        }),
      );
    expect(res.status).toBe(400);
    expect(challenge(res as never)).toMatchObject({ error: 'invalid_request' });
  });

  it('serves RFC 9728 metadata anonymously at both well-known paths, never advertising offline_access', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const res = await request(t.server).get(path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        resource: `${t.baseUrl}/mcp`,
        authorization_servers: [issuer.issuer],
        scopes_supported: [SCOPE],
        bearer_methods_supported: ['header'],
        resource_name: expect.any(String),
      });
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
    const behindFrontEnd = await request(t.server)
      .get('/.well-known/oauth-protected-resource/mcp')
      .set({ Host: 'mcp.contoso.com', 'X-Forwarded-Proto': 'https' });
    expect(behindFrontEnd.body.resource).toBe('https://mcp.contoso.com/mcp');
  });

  it('keeps health probes anonymous', async () => {
    expect((await request(t.server).get('/healthz')).status).toBe(200);
    expect((await request(t.server).get('/readyz')).status).toBe(200);
  });

  it('marks every cacheable result private', async () => {
    const token = await valid();
    const results = await Promise.all([
      call(t, token, 'server/discover'),
      call(t, token, 'tools/list'),
      call(t, token, 'prompts/list'),
      call(t, token, 'resources/list'),
      call(t, token, 'resources/templates/list'),
    ]);
    for (const res of results)
      expect(res.body.result.cacheScope).toBe('private');
    const uri = results[3].body.result.resources[0].uri;
    expect(
      (await call(t, token, 'resources/read', { uri })).body.result.cacheScope,
    ).toBe('private');
  });

  it('answers any generated Authorization header or forged token with 401, never 2xx or 5xx', async () => {
    const segment = fc.oneof(
      fc.base64String().map((b) => b.replace(/=+$/, '')),
      fc
        .jsonValue()
        .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    );
    const header = fc.oneof(
      fc
        .string({ unit: 'binary-ascii', maxLength: 200 })
        .filter((h) => !FORBIDDEN_IN_HEADER.test(h)),
      fc
        .tuple(segment, segment, segment)
        .map((parts) => `Bearer ${parts.join('.')}`),
      fc
        .record({
          alg: fc.constantFrom(
            'RS256',
            'HS256',
            'none',
            'ES256',
            'PS256',
            'RS1',
            '',
          ),
          kid: fc.constantFrom('key-1', 'x', ''),
        })
        .chain((head) =>
          fc
            .jsonValue({ maxDepth: 2 })
            .map(
              (claims) =>
                `Bearer ${Buffer.from(JSON.stringify(head)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`,
            ),
        ),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'bearer  x',
        'Bearer a b',
        'Bearer\ta',
        'Bearer ====',
        'DPoP abc',
      ),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        const res = await mcp(
          t.server,
          'tools/list',
          {},
          { extraHeaders: { Authorization: authorization } },
        );
        expect([400, 401]).toContain(res.status);
        expect(res.body.error.code).toBe(-32600);
      }),
      { numRuns: 300 },
    );
  });

  it('fetches the key set once and caches it', async () => {
    const before = issuer.jwksFetches;
    for (let i = 0; i < 5; i++) await call(t, await valid());
    expect(issuer.jwksFetches - before).toBe(0);
    expect(issuer.jwksFetches).toBe(1);
  });
});

const withRedis = requireTool('redis', 'handles bound to the caller');
withRedis('handles bound to the caller', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    await ensureSharedRedis();
  });
  afterAll(() => issuer.close());

  it.each(['signed', 'redis'])(
    'refuses a %s tally handle minted for one subject to another',
    async (backend) => {
      const prefix = uniquePrefix('auth-handles');
      const t = await startApp({
        MCP_AUTH_ISSUER: issuer.issuer,
        MCP_AUTH_AUDIENCE: AUDIENCE,
        HANDLE_BACKEND: backend,
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
      });
      try {
        const alice = await issuer.token(AUDIENCE, {
          claims: { sub: 'pairwise-a', oid: 'alice-oid' },
        });
        const bob = await issuer.token(AUDIENCE, {
          claims: { sub: 'pairwise-b', oid: 'bob-oid' },
        });
        const aliceAgain = await issuer.token(AUDIENCE, {
          claims: { sub: 'another-pairwise-id', oid: 'alice-oid' },
        });
        const tally = (token: string, args: Record<string, unknown>) =>
          call(t, token, 'tools/call', { name: 'tally', arguments: args });
        const minted = (await tally(alice, { add: 5 })).body.result
          .structuredContent;
        const stolen = (await tally(bob, { handle: minted.handle, add: 100 }))
          .body.result;
        expect(stolen.isError).toBe(true);
        expect(stolen.structuredContent.error).toMatchObject({
          reason: 'invalid',
          retryable: false,
        });
        // The same person (Entra oid) with another token continues it; nothing was added by the refusal.
        const continued = (
          await tally(aliceAgain, { handle: minted.handle, add: 1 })
        ).body.result;
        expect(continued.isError).toBeUndefined();
        expect(continued.structuredContent).toMatchObject({
          total: 6,
          calls: 2,
        });
      } finally {
        await t.close();
        await deleteKeys(prefix);
      }
    },
  );
});

describe('authorization configuration', () => {
  it('refuses to boot with only one of issuer and audience, or with a public cache scope', async () => {
    await expect(
      startApp({ MCP_AUTH_ISSUER: 'https://login.example.com/' }),
    ).rejects.toThrow(/MCP_AUTH_ISSUER and MCP_AUTH_AUDIENCE/);
    await expect(startApp({ MCP_AUTH_AUDIENCE: AUDIENCE })).rejects.toThrow(
      /MCP_AUTH_ISSUER and MCP_AUTH_AUDIENCE/,
    );
    await expect(
      startApp({
        MCP_AUTH_ISSUER: 'https://login.example.com/',
        MCP_AUTH_AUDIENCE: AUDIENCE,
        MCP_CACHE_SCOPE: 'public',
      }),
    ).rejects.toThrow(/MCP_CACHE_SCOPE/);
  });

  it("refuses to boot with both OAuth and the application's own authenticator", async () => {
    await expect(
      startApp(
        {
          MCP_AUTH_ISSUER: 'https://login.example.com/',
          MCP_AUTH_AUDIENCE: AUDIENCE,
        },
        [],
        { authenticator: HeaderAuthenticator },
      ),
    ).rejects.toThrow(
      'Invalid configuration: auth.authenticator and auth.oauth are two ways to authenticate callers: use one',
    );
  });

  it('is off by default: no token needed, no metadata served, public cache hints', async () => {
    const t = await startApp();
    try {
      const res = await call(t, undefined);
      expect(res.status).toBe(200);
      expect(res.body.result.cacheScope).toBe('public');
      expect(
        (await request(t.server).get('/.well-known/oauth-protected-resource'))
          .status,
      ).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('answers 503 (not 401) while the issuer cannot be reached, and recovers', async () => {
    const issuer = await TestIssuer.start('/tenant-a/v2.0');
    const { port } = new URL(issuer.issuer);
    await issuer.close();
    const t = await startApp({
      MCP_AUTH_ISSUER: `http://127.0.0.1:${port}/tenant-a/v2.0`,
      MCP_AUTH_AUDIENCE: AUDIENCE,
    });
    try {
      const res = await call(t, 'a.b.c');
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        code: -32603,
        message: 'Cannot validate access tokens right now; retry shortly',
      });
      // The issuer comes back: after a short pause, discovery is tried again and tokens validate.
      const back = await TestIssuer.start('/tenant-a/v2.0', Number(port));
      try {
        const token = await back.token(AUDIENCE);
        let last: Awaited<ReturnType<typeof call>> | undefined;
        await waitFor(
          async () => {
            last = await call(t, token);
            if (last.status !== 503) expect(last.status).toBe(200);
            return last.status === 200;
          },
          {
            what: () =>
              `a valid token to be accepted again (last: HTTP ${last?.status})`,
            everyMs: 100,
          },
        );
      } finally {
        await back.close();
      }
    } finally {
      await t.close();
    }
  });
});

describe('Microsoft Entra ID tokens', () => {
  it('validates a v2 token: tenant issuer, client-id audience, scp, roles, oid as the subject', async () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const clientId = '11111111-2222-3333-4444-555555555555';
    const issuer = await TestIssuer.start(`/${tenant}/v2.0`);
    const t = await startApp({
      MCP_AUTH_ISSUER: issuer.issuer,
      MCP_AUTH_AUDIENCE: clientId,
      // What a client requests is the App ID URI form; the token carries the bare scope in scp.
      MCP_AUTH_REQUIRED_SCOPES: `api://${clientId}/${SCOPE}`,
    });
    try {
      const user = await issuer.token(clientId, {
        claims: {
          scp: `${SCOPE} User.Read`,
          oid: 'oid-1',
          tid: tenant,
          ver: '2.0',
        },
      });
      const whoami = await call(t, user, 'tools/call', {
        name: 'whoami',
        arguments: {},
      });
      expect(whoami.status).toBe(200);
      // An app-only (client credentials) token carries an app role instead of scp.
      const app = await issuer.token(clientId, {
        claims: { roles: [SCOPE], oid: 'sp-oid', idtyp: 'app' },
      });
      expect((await call(t, app)).status).toBe(200);
      const noScope = await issuer.token(clientId, {
        claims: { scp: 'User.Read', oid: 'oid-1' },
      });
      const refused = await call(t, noScope);
      expect(refused.status).toBe(403);
      expect(challenge(refused).scope).toBe(`api://${clientId}/${SCOPE}`);
      const meta = await request(t.server).get(
        '/.well-known/oauth-protected-resource/mcp',
      );
      expect(meta.body.authorization_servers).toEqual([issuer.issuer]);
    } finally {
      await t.close();
      await issuer.close();
    }
  });
});

describe('@RequireScopes in OAuth mode: the step-up challenge (RFC 6750 §3.1, RFC 9728 §5.1)', () => {
  let issuer: TestIssuer;
  let t: TestServer;

  @Module({ providers: [ReportWriteTool] })
  class ScopedToolsModule {}

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await startApp(
      {
        MCP_AUTH_ISSUER: issuer.issuer,
        MCP_AUTH_AUDIENCE: AUDIENCE,
        MCP_AUTH_REQUIRED_SCOPES: SCOPE,
      },
      [ScopedToolsModule],
    );
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  it('answers 403 insufficient_scope naming the tool scope and the metadata, and hides the tool', async () => {
    const token = await issuer.token(AUDIENCE, { claims: { scp: SCOPE } });
    const res = await call(t, token, 'tools/call', {
      name: 'report_write',
      arguments: {},
    });
    expect(res.status).toBe(403);
    expect(challenge(res)).toEqual({
      error: 'insufficient_scope',
      scope: 'reports.write',
      resource_metadata: `${t.baseUrl}/.well-known/oauth-protected-resource/mcp`,
    });
    const list = await call(t, token, 'tools/list');
    expect(
      list.body.result.tools.map((x: { name: string }) => x.name),
    ).not.toContain('report_write');

    const stepped = await issuer.token(AUDIENCE, {
      claims: { scp: `${SCOPE} reports.write` },
    });
    const ok = await call(t, stepped, 'tools/call', {
      name: 'report_write',
      arguments: {},
    });
    expect(ok.body.result.structuredContent).toEqual({ written: true });
  });
});
