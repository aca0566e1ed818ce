import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { freePort } from './support/free-port.js';
import { modernMeta, standardHeaders } from './support/mcp-request.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis.js';
import {
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';
import { TestIssuer } from './support/test-issuer.js';
import { requireTool } from './support/system-tools.js';
import { waitFor } from './support/wait-for.js';

const AUDIENCE = 'api://secrets-test';
const SIGNING_KEY = randomBytes(32).toString('base64');
const REDIS_PASSWORD = `redis-pw-${randomBytes(12).toString('hex')}`;
const IKEY = randomUUID();

/** What must never show up in a log line, a response body or header, or the status page. */
interface Secrets {
  readonly [what: string]: string;
}

/** Every place a secret could leak from one exchange: status, headers and body. */
function transcript(res: Response, body: string): string {
  return `${res.status} ${JSON.stringify([...res.headers])} ${body}`;
}

function expectNoSecret(text: string, secrets: Secrets, where: string): void {
  for (const [what, value] of Object.entries(secrets)) {
    if (text.includes(value)) throw new Error(`${what} leaked into ${where}`);
  }
}

/**
 * Runs a real server process with a signing key, a password-protected Redis, an Application
 * Insights connection string and OAuth on, drives every kind of answer (successes, protocol errors,
 * auth refusals, tool errors, forged handles, the status and health pages, shutdown) and greps
 * every response and everything the process printed for the secrets.
 */
const withRedisServer = requireTool(
  'redis-server',
  'secrets never leak (a private redis-server with a password)',
);
withRedisServer('secrets never leak', () => {
  let issuer: TestIssuer;
  let redis: PrivateRedis;
  let server: ServerProcess;
  let secrets: Secrets;
  const transcripts: string[] = [];
  let collector: Server;
  /** Every telemetry payload the process exported (OTLP/JSON), raw. */
  let exported = '';

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    collector = createServer((req, res) => {
      req.on('data', (c: Buffer) => (exported += c.toString()));
      req.on('end', () =>
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'),
      );
    });
    await new Promise<void>((resolve) =>
      collector.listen(0, '127.0.0.1', resolve),
    );
    redis = await startPrivateRedis({
      args: ['--requirepass', REDIS_PASSWORD],
    });
    const deadEndpoint = `http://127.0.0.1:${await freePort()}/`;
    const connectionString = `InstrumentationKey=${IKEY};IngestionEndpoint=${deadEndpoint};LiveEndpoint=${deadEndpoint}`;
    const token = await issuer.token(AUDIENCE, {
      claims: { scp: 'mcp.access', oid: 'oid-secrets' },
    });
    secrets = {
      'the signing key': SIGNING_KEY,
      'the signing key (hex)': Buffer.from(SIGNING_KEY, 'base64').toString(
        'hex',
      ),
      'the Redis password': REDIS_PASSWORD,
      'the App Insights connection string': connectionString,
      'the App Insights instrumentation key': IKEY,
      'a bearer token': token,
      "a bearer token's signature": token.split('.')[2],
    };
    server = await startServerProcess({
      HANDLE_SIGNING_KEYS: `prod1:${SIGNING_KEY}`,
      HANDLE_BACKEND: 'redis',
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}`,
      APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      MCP_AUTH_ISSUER: issuer.issuer,
      MCP_AUTH_AUDIENCE: AUDIENCE,
      MCP_AUTH_REQUIRED_SCOPES: 'mcp.access',
    });

    const post = async (
      method: string,
      params: Record<string, unknown>,
      auth: string | undefined,
      name?: string,
    ) => {
      const headers: Record<string, string> = {
        ...standardHeaders(method, name),
      };
      if (auth !== undefined) headers.Authorization = auth;
      const res = await fetch(server.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method,
          params: { ...params, _meta: modernMeta() },
        }),
      });
      const body = await res.text();
      transcripts.push(transcript(res, body));
      return body;
    };
    const bearer = `Bearer ${token}`;
    const tampered = `Bearer ${token.slice(0, -4)}AAAA`;
    const minted = JSON.parse(
      await post(
        'tools/call',
        { name: 'tally', arguments: {} },
        bearer,
        'tally',
      ),
    ).result.structuredContent.handle;
    await post(
      'tools/call',
      { name: 'tally', arguments: { handle: minted, add: 2 } },
      bearer,
      'tally',
    );
    await post(
      'tools/call',
      { name: 'tally', arguments: { handle: `${minted}x` } },
      bearer,
      'tally',
    );
    await post(
      'tools/call',
      { name: 'whoami', arguments: {} },
      bearer,
      'whoami',
    );
    await post('tools/call', { name: 'nope', arguments: {} }, bearer, 'nope');
    await post(
      'tools/call',
      { name: 'echo', arguments: { message: 5 } },
      bearer,
      'echo',
    );
    await post('tools/list', { cursor: 'bogus' }, bearer);
    await post('server/discover', {}, undefined);
    await post('tools/list', {}, tampered);
    await post('tools/list', {}, 'Bearer not-a-jwt');
    await post(
      'tools/list',
      {},
      `Bearer ${await issuer.token('api://other', { claims: { scp: 'mcp.access' } })}`,
    );
    await post(
      'tools/list',
      {},
      `Bearer ${await issuer.token(AUDIENCE, { claims: { scp: 'other' } })}`,
    );
    await post(
      'tools/list',
      {},
      `Bearer ${await issuer.token(AUDIENCE, { claims: { exp: 1 } })}`,
    );
    for (const path of [
      '/',
      '/healthz',
      '/readyz',
      '/.well-known/oauth-protected-resource/mcp',
      '/nope',
      `/mcp?access_token=${token}`,
    ]) {
      const res = await fetch(`${server.baseUrl}${path}`, {
        headers: { Authorization: bearer },
      });
      transcripts.push(transcript(res, await res.text()));
    }
    // One export round has run (the collector has the spans of these requests): the App Insights
    // exporter, pointed at a dead endpoint, has failed in it too. Then shut down, which flushes.
    await waitFor(() => exported.includes('tools/call'), {
      what: 'the spans of these requests at the OTLP collector',
      timeoutMs: 30_000,
    });
    await server.stop('SIGTERM');
  }, 60_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await redis?.stop();
    await issuer?.close();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('served the calls (the secrets were really in use)', () => {
    const all = transcripts.join('\n');
    expect(all).toContain('"total":3');
    expect(all).toContain('"instance_id"');
    expect(all).toContain('invalid_token');
    expect(all).toContain('insufficient_scope');
  });

  it('keeps them out of every response: bodies, headers, the status page, health and metadata', () => {
    transcripts.forEach((t, i) =>
      expectNoSecret(t, secrets, `response #${i + 1}`),
    );
  });

  it('keeps them out of the telemetry it exported (spans of those very requests)', () => {
    expect(exported).toContain('tools/call');
    expectNoSecret(exported, secrets, 'the exported telemetry');
  });

  it('keeps them out of everything the process logged, shutdown included', () => {
    expect(server.output()).toMatch(/Shut down cleanly/);
    expectNoSecret(server.output(), secrets, 'the logs');
  });
});

describe('secrets in a configuration that fails at boot', () => {
  it('names the variable, never the value', async () => {
    const shortKey = randomBytes(16).toString('base64');
    const badUrl = `not a url with ${REDIS_PASSWORD}`;
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(await freePort()),
        HANDLE_SIGNING_KEYS: `k1:${shortKey}`,
        HANDLE_BACKEND: 'redis',
        REDIS_URL: badUrl,
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=not-a-guid-${IKEY}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', resolve),
    );
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /HANDLE_SIGNING_KEYS|REDIS_URL|APPLICATIONINSIGHTS_CONNECTION_STRING/,
    );
    expectNoSecret(
      output,
      {
        'the short key': shortKey,
        'the Redis URL': badUrl,
        'the password': REDIS_PASSWORD,
        'the instrumentation key': IKEY,
      },
      'the boot error',
    );
  }, 30_000);
});
