import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ServerProcess,
  startServerProcess,
} from './support/server-process.js';
import { modernMeta, standardHeaders } from './support/mcp-request.js';

const TRACE_ID = '5bf92f3577b34da6a3ce929d0e0e4736';

interface KeyValue {
  key: string;
  value: { stringValue?: string; intValue?: number };
}
const attributesOf = (list: KeyValue[]) =>
  Object.fromEntries(
    list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue]),
  );

/** `node dist/main.js` with only OTEL_EXPORTER_OTLP_ENDPOINT set, against a stand-in collector. */
describe('OTLP/HTTP export to any OpenTelemetry collector (no Application Insights)', () => {
  let collector: Server;
  let server: ServerProcess;
  let ended: { code: number | null; signal: NodeJS.Signals | null };
  const received: { path: string; body: any }[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(body) });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) =>
      collector.listen(0, '127.0.0.1', resolve),
    );
    const { port } = collector.address() as AddressInfo;
    server = await startServerProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      WEBSITE_INSTANCE_ID: 'otlp-e2e-instance',
      SLOT_NAME: 'production',
    });
    const res = await fetch(`${server.baseUrl}/mcp`, {
      method: 'POST',
      headers: {
        ...standardHeaders('tools/call', 'echo'),
        traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: {
          name: 'echo',
          arguments: { message: 'hi' },
          _meta: modernMeta(),
        },
      }),
    });
    expect(res.status).toBe(200);
    // SIGTERM: the telemetry shutdown hook flushes spans and metrics before the process exits.
    ended = { code: await server.stop(), signal: server.child.signalCode };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('sends the request span with the caller trace id and the instance on the resource', () => {
    expect(ended.signal === 'SIGTERM' || ended.code === 0).toBe(true);
    const traces = received
      .filter((r) => r.path === '/v1/traces')
      .flatMap((r) => r.body.resourceSpans);
    const spans = traces.flatMap((rs: any) =>
      rs.scopeSpans.flatMap((ss: any) =>
        ss.spans.map((span: any) => ({ span, resource: rs.resource })),
      ),
    );
    const echo = spans.find(({ span }: any) => span.name === 'tools/call echo');
    expect(echo).toBeDefined();
    expect(echo.span.traceId).toBe(TRACE_ID);
    expect(echo.span.kind).toBe(2); // SERVER
    expect(attributesOf(echo.span.attributes)).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'echo',
      'jsonrpc.request.id': '9',
    });
    expect(attributesOf(echo.resource.attributes)).toMatchObject({
      'service.instance.id': 'otlp-e2e-instance',
      'service.name': 'stateless-mcp-nest',
      'deployment.environment.name': 'production',
    });
  });

  it('sends the request metrics, admission control among them', () => {
    const names = received
      .filter((r) => r.path === '/v1/metrics')
      .flatMap((r) =>
        r.body.resourceMetrics.flatMap((rm: any) =>
          rm.scopeMetrics.flatMap((sm: any) =>
            sm.metrics.map((m: any) => m.name),
          ),
        ),
      );
    expect(names).toEqual(
      expect.arrayContaining([
        'mcp.server.requests',
        'mcp.server.operation.duration',
        'mcp.server.admission.refused',
        'mcp.server.requests.in_flight',
        'mcp.server.event_loop.turn.max',
      ]),
    );
  });
});
