import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type ServerProcess,
  startServerProcess,
} from './support/server-process.js';
import { modernMeta, standardHeaders } from './support/mcp-request.js';
import { requireTool } from './support/system-tools.js';

/** What the Application Insights ingestion API receives: one envelope per telemetry item. */
interface Envelope {
  name: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, any> };
}

const INSTRUMENTATION_KEY = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

/**
 * The real distro and exporter (1.18.1) in `node dist/main.js`, pointed at a local HTTPS server that
 * stands in for the ingestion service. The exporter always speaks HTTPS, so the stand-in has a
 * self-signed certificate the child trusts through NODE_EXTRA_CA_CERTS.
 */
// This file's one group needs openssl: skipped with a line saying so when it is missing.
const describe = requireTool(
  'openssl',
  'the Application Insights export test (a self-signed stand-in endpoint)',
);
describe('Application Insights export (Azure Monitor distro against a stand-in ingestion endpoint)', () => {
  let dir: string;
  let ingestion: Server;
  let server: ServerProcess;
  const envelopes: Envelope[] = [];
  const paths: string[] = [];
  let whoami: any;
  let ended: { code: number | null; signal: NodeJS.Signals | null };

  async function call(
    tool: string,
    args: Record<string, unknown>,
    meta: Record<string, unknown> = {},
  ): Promise<any> {
    const res = await fetch(`${server.baseUrl}/mcp`, {
      method: 'POST',
      headers: standardHeaders('tools/call', tool),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: tool, arguments: args, _meta: modernMeta(meta) },
      }),
    });
    return ((await res.json()) as { result: any }).result;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-ingestion-'));
    const subject = '/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1';
    const args = `req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj ${subject}`;
    execFileSync(
      'openssl',
      [
        ...args.split(' '),
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      {
        stdio: 'ignore',
      },
    );
    ingestion = createServer(
      {
        key: readFileSync(join(dir, 'key.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          paths.push(req.url ?? '');
          let body = Buffer.concat(chunks);
          if (req.headers['content-encoding'] === 'gzip')
            body = gunzipSync(body);
          const text = body.toString('utf8').trim();
          const items: Envelope[] = text.startsWith('[')
            ? JSON.parse(text)
            : text
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l));
          envelopes.push(...items);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              itemsReceived: items.length,
              itemsAccepted: items.length,
              errors: [],
            }),
          );
        });
      },
    );
    await new Promise<void>((resolve) =>
      ingestion.listen(0, '127.0.0.1', resolve),
    );
    const { port } = ingestion.address() as AddressInfo;
    server = await startServerProcess({
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${INSTRUMENTATION_KEY};IngestionEndpoint=https://127.0.0.1:${port}/`,
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true', // no call home to Microsoft from a test
      TMPDIR: dir, // the exporter's offline retry store
      WEBSITE_INSTANCE_ID: 'ai-e2e-instance-3',
      WEBSITE_SITE_NAME: 'mcp-site',
      SLOT_NAME: 'staging',
    });
    whoami = await call(
      'whoami',
      {},
      { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` },
    );
    expect((await call('echo', {})).isError).toBe(true);
    // SIGTERM: Nest's shutdown hooks run, and the telemetry hook flushes the exporter before exit.
    ended = { code: await server.stop(), signal: server.child.signalCode };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => ingestion?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends request envelopes carrying the instance as cloud_RoleInstance and the client trace id as operation id', () => {
    expect(whoami.structuredContent).toMatchObject({
      instance_id: 'ai-e2e-instance-3',
      trace_id: TRACE_ID,
    });
    // Ended by the SIGTERM Nest re-raises after its hooks (or 0), not by the SIGKILL fallback.
    expect(ended.signal === 'SIGTERM' || ended.code === 0).toBe(true);
    expect(paths.every((p) => p.startsWith('/v2.1/track'))).toBe(true);
    const requests = envelopes.filter((e) => e.data.baseType === 'RequestData');
    const served = requests.find(
      (e) => e.data.baseData.name === 'tools/call whoami',
    );
    expect(served).toBeDefined();
    expect(served!.tags).toMatchObject({
      'ai.cloud.roleInstance': 'ai-e2e-instance-3',
      'ai.cloud.role': 'mcp-site',
      'ai.operation.id': TRACE_ID,
      'ai.operation.parentId': PARENT_SPAN_ID,
      'ai.operation.name': 'tools/call whoami',
    });
    expect(served!.data.baseData).toMatchObject({
      success: true,
      properties: expect.objectContaining({
        'mcp.method.name': 'tools/call',
        'gen_ai.tool.name': 'whoami',
        'deployment.environment.name': 'staging',
      }),
    });
    const failed = requests.find(
      (e) => e.data.baseData.name === 'tools/call echo',
    );
    expect(failed?.data.baseData).toMatchObject({
      success: false,
      properties: expect.objectContaining({ outcome: 'tool_error' }),
    });
    expect(failed?.tags['ai.cloud.roleInstance']).toBe('ai-e2e-instance-3');
    // Every envelope names the instance, and the key never reaches the process output.
    expect(
      envelopes.every(
        (e) => e.tags['ai.cloud.roleInstance'] === 'ai-e2e-instance-3',
      ),
    ).toBe(true);
    expect(server.output()).not.toContain(INSTRUMENTATION_KEY);
  });

  it('sends the JSON logs as traces, from the same instance', () => {
    const messages = envelopes.filter((e) => e.data.baseType === 'MessageData');
    const listening = messages.find((e) =>
      String(e.data.baseData.message).startsWith('MCP endpoint listening on'),
    );
    expect(listening?.tags['ai.cloud.roleInstance']).toBe('ai-e2e-instance-3');
  });

  it('exports the request metrics too', () => {
    const metrics = envelopes
      .filter((e) => e.data.baseType === 'MetricData')
      .flatMap((e) =>
        e.data.baseData.metrics.map((m: { name: string }) => ({
          name: m.name,
          properties: e.data.baseData.properties,
        })),
      );
    expect(metrics).toContainEqual({
      name: 'mcp.server.requests',
      properties: expect.objectContaining({
        'mcp.method.name': 'tools/call',
        'gen_ai.tool.name': 'whoami',
        outcome: 'ok',
      }),
    });
    expect(metrics.map((m) => m.name)).toContain(
      'mcp.server.operation.duration',
    );
  });
});
