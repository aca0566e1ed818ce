import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Options of `TestIssuer.token`. */
export interface TokenOptions {
  /** Claims to set or (with `undefined`) leave out; `iss`, `aud`, `sub`, `exp`, `iat` have defaults. */
  readonly claims?: Record<string, unknown>;
  /** Sign with a key the issuer does not publish. */
  readonly foreignKey?: boolean;
  readonly kid?: string;
}

/**
 * A tiny OAuth authorization server for tests: OpenID discovery and a JWKS over node:http, and
 * RS256 access tokens signed with its key (jose). Counts how often its key set is fetched.
 */
export class TestIssuer {
  /** Requests for the key set so far. */
  jwksFetches = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly key: PrivateKey,
    private readonly foreign: PrivateKey,
  ) {}

  /**
   * Starts an issuer on a loopback port (`port`, or a free one); `path` is appended to its origin
   * (Entra-style `/<tenant>/v2.0`).
   */
  static async start(path = '', port = 0): Promise<TestIssuer> {
    const [{ publicKey, privateKey }, foreign] = await Promise.all([
      generateKeyPair('RS256'),
      generateKeyPair('RS256'),
    ]);
    const jwk = {
      ...(await exportJWK(publicKey)),
      kid: 'key-1',
      alg: 'RS256',
      use: 'sig',
    };
    let issuer = '';
    const stats = { fetches: 0 };
    const server = createServer((req, res) => {
      if (req.url === `${path}/.well-known/openid-configuration`) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            issuer,
            jwks_uri: `${new URL(issuer).origin}/keys`,
          }),
        );
      } else if (req.url === '/keys') {
        stats.fetches++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', resolve),
    );
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    const created = new TestIssuer(
      server,
      issuer,
      privateKey,
      foreign.privateKey,
    );
    Object.defineProperty(created, 'jwksFetches', { get: () => stats.fetches });
    return created;
  }

  /** An access token for `audience`, valid for an hour unless `claims` say otherwise. */
  async token(
    audience: string,
    { claims = {}, foreignKey = false, kid = 'key-1' }: TokenOptions = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      iss: this.issuer,
      aud: audience,
      sub: 'user-1',
      iat: now,
      exp: now + 3600,
      ...claims,
    };
    for (const [name, value] of Object.entries(payload))
      if (value === undefined) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
      .sign(foreignKey ? this.foreign : this.key);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
