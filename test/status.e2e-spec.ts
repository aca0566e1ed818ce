import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApp, type TestServer } from './support/mcp-app.js';

const ENV = {
  WEBSITE_INSTANCE_ID: 'inst-status-7',
  WEBSITE_SITE_NAME: 'mcp-site',
  SLOT_NAME: 'production',
};

/** Text of the page with tags removed and the five escapes undone, as a reader sees it. */
function visibleText(page: string): string {
  return page
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function snippetOf(page: string): {
  servers: Record<string, { type: string; url: string }>;
} {
  const raw = /<pre id="vscode-config">([\s\S]*?)<\/pre>/.exec(page)![1];
  return JSON.parse(visibleText(raw));
}

describe('status page (GET /)', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('shows the serving instance, the protocol, the handle backend, telemetry and every tool', async () => {
    t = await startApp(ENV);
    const res = await request(t.server)
      .get('/')
      .set('Host', 'localhost:8000')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.etag).toBeUndefined();
    const text = visibleText(res.text);
    expect(res.text).toContain(
      '<dd class="instance" id="instance-id">inst-status-7</dd>',
    );
    expect(text).toMatch(/Site\s+mcp-site/);
    expect(text).toMatch(/Slot\s+production/);
    expect(text).toMatch(/Protocol versions\s+2026-07-28, 2025-11-25/);
    expect(text).toMatch(/Headers\s+lenient/);
    expect(text).toMatch(/Handle backend\s+signed/);
    expect(text).toMatch(/Tasks\s+off \(App Service without Redis/);
    expect(text).toMatch(
      /Admission control\s+on; refused since boot: 0 in-flight, 0 event-loop, 0 heap; \d+ in flight/,
    );
    expect(text).toMatch(/Application Insights\s+not configured/);
    expect(text).toContain('http://localhost:8000/mcp');
    for (const tool of [
      'whoami',
      'echo',
      'lookup_fact',
      'compute_primes',
      'tally',
    ])
      expect(res.text).toContain(`<code>${tool}</code>`);
    expect(text).toContain(
      'Return the App Service instance ID, site, slot and hostname serving this request',
    );
    expect(snippetOf(res.text)).toEqual({
      servers: {
        'mcp-site': { type: 'http', url: 'http://localhost:8000/mcp' },
      },
    });
  });

  it('loads nothing from elsewhere: inline style and script only, pinned by a hash CSP', async () => {
    t = await startApp(ENV);
    const res = await request(t.server).get('/').expect(200);
    expect(res.text).not.toMatch(
      /<script[^>]*\ssrc=|<link[^>]*stylesheet|@import|url\(|https?:\/\/(?!127\.0\.0\.1)/i,
    );
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('builds the MCP URL from X-Forwarded-Proto and X-Forwarded-Host (App Service terminates TLS)', async () => {
    t = await startApp(ENV);
    const res = await request(t.server)
      .get('/')
      .set('Host', '10.0.0.4:8000')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'mcp-site.azurewebsites.net')
      .expect(200);
    expect(snippetOf(res.text).servers['mcp-site'].url).toBe(
      'https://mcp-site.azurewebsites.net/mcp',
    );
  });

  it('escapes every value: a hostile Host or X-Forwarded-Host header cannot inject markup', async () => {
    t = await startApp(ENV);
    const hostile = `evil.example"><script>alert('pwned')</script><img src=x onerror=alert(1)>`;
    for (const header of ['Host', 'X-Forwarded-Host']) {
      const res = await request(t.server)
        .get('/')
        .set(header, hostile)
        .expect(200);
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).not.toContain('<img');
      expect(res.text).toContain(
        'evil.example&quot;&gt;&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;',
      );
      // Still a correct value once unescaped: the snippet is valid JSON carrying the header as sent.
      expect(snippetOf(res.text).servers['mcp-site'].url).toBe(
        `http://${hostile}/mcp`,
      );
      expect(res.text.match(/<script>/g)).toHaveLength(1);
    }
  });

  it('reflects strict mode and the Redis backend', async () => {
    t = await startApp({
      ...ENV,
      MCP_STRICT_HEADERS: '1',
      HANDLE_BACKEND: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `status-e2e-${process.pid}:`,
    });
    const text = visibleText(
      (await request(t.server).get('/').expect(200)).text,
    );
    expect(text).toMatch(/Protocol versions\s+2026-07-28\s/);
    expect(text).toMatch(/Headers\s+strict/);
    expect(text).toMatch(/Handle backend\s+redis/);
    expect(text).toMatch(/Tasks\s+on, redis store .*; 0 running here/);
  });

  it('never shows a secret from the environment', async () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    t = await startApp({
      ...ENV,
      HANDLE_SIGNING_KEYS: `k1:${key}`,
      REDIS_URL: 'rediss://:redis-password-123@cache.example.net:10000',
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=00000000-0000-0000-0000-0000000000aa',
    });
    const res = await request(t.server).get('/').expect(200);
    for (const secret of [
      key,
      'redis-password-123',
      'cache.example.net',
      '0000000000aa',
    ]) {
      expect(res.text).not.toContain(secret);
    }
  });
});
