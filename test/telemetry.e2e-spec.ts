import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from '@jest/globals';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { McpRequestTracer } from '../src/protocol/interceptors/mcp-request-tracer.interface.js';
import type { RunningTelemetry } from '../src/telemetry/running-telemetry.js';
import { startTelemetry } from '../src/telemetry/telemetry-sdk.js';
import { TelemetrySettings } from '../src/telemetry/telemetry-settings.js';
import { ExtraToolsModule } from './fixtures/extra-tools.js';
import { createApp } from '../src/bootstrap.js';
import { JsonConsoleLogger } from '../src/telemetry/json-console.logger.js';
import {
  startApp,
  TEST_SIGNING_KEYS,
  type TestServer,
} from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';
import { PullReader } from './support/pull-reader.js';

const ENV = {
  WEBSITE_INSTANCE_ID: 'instance-e2e-1',
  WEBSITE_SITE_NAME: 'mcp-site',
  SLOT_NAME: 'staging',
};
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;
const HTTP_TRACE_ID = 'a'.repeat(32);
const HTTP_TRACEPARENT = `00-${HTTP_TRACE_ID}-${'b'.repeat(16)}-01`;

describe('telemetry: one OpenTelemetry span per MCP request (MCP semantic conventions)', () => {
  const exporter = new InMemorySpanExporter();
  const reader = new PullReader();
  let telemetry: RunningTelemetry;
  let t: TestServer;

  beforeAll(async () => {
    telemetry = await startTelemetry(TelemetrySettings.fromEnv(ENV), {
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      metricReaders: [reader],
    });
    t = await startApp(ENV, [ExtraToolsModule]);
  });
  afterAll(async () => {
    await t.close(); // the shutdown hook stops the pipeline
    await telemetry.shutdown();
  });
  beforeEach(() => exporter.reset());

  /** The one span the last request produced. */
  function onlySpan(): ReadableSpan {
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    return spans[0];
  }

  it('binds the tracer only while telemetry runs', () => {
    expect(t.app.get(McpRequestTracer, { strict: false })).toBeDefined();
  });

  it('parents the span on _meta.traceparent: the client trace id is the server span and whoami trace id', async () => {
    const res = await mcp(
      t.server,
      'tools/call',
      {
        name: 'whoami',
        arguments: {},
        _meta: {
          traceparent: TRACEPARENT,
          tracestate: 'rojo=00f067aa0ba902b7',
          baggage: 'tenant=contoso',
        },
      },
      { id: 'req-7' },
    );
    expect(res.status).toBe(200);
    const span = onlySpan();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(span.spanContext().traceState?.get('rojo')).toBe('00f067aa0ba902b7');
    expect(res.body.result.structuredContent.trace_id).toBe(TRACE_ID);

    expect(span.name).toBe('tools/call whoami');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'whoami',
      'gen_ai.operation.name': 'execute_tool',
      'jsonrpc.request.id': 'req-7',
      'mcp.protocol.version': '2026-07-28',
      'network.transport': 'tcp',
      'deployment.environment.name': 'staging',
    });
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.resource.attributes).toMatchObject({
      'service.instance.id': 'instance-e2e-1',
      'service.name': 'mcp-site',
      'service.version': expect.any(String),
      'deployment.environment.name': 'staging',
    });
  });

  it('falls back to the HTTP traceparent header, and links it when _meta wins', async () => {
    await mcp(
      t.server,
      'tools/list',
      {},
      { extraHeaders: { traceparent: HTTP_TRACEPARENT } },
    );
    let span = onlySpan();
    expect(span.name).toBe('tools/list');
    expect(span.spanContext().traceId).toBe(HTTP_TRACE_ID);
    expect(span.attributes['gen_ai.tool.name']).toBeUndefined();

    exporter.reset();
    await mcp(
      t.server,
      'tools/list',
      { _meta: { traceparent: TRACEPARENT } },
      { extraHeaders: { traceparent: HTTP_TRACEPARENT } },
    );
    span = onlySpan();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.links.map((l) => l.context.traceId)).toEqual([HTTP_TRACE_ID]);
  });

  it('starts a new trace when the caller sent none, or an invalid one', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'whoami',
      arguments: {},
      _meta: { traceparent: 'garbage' },
    });
    const span = onlySpan();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.result.structuredContent.trace_id).toBe(
      span.spanContext().traceId,
    );
  });

  it('marks a tool result with isError as error.type tool_error', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'echo',
      arguments: {},
    });
    expect(res.body.result.isError).toBe(true);
    const span = onlySpan();
    expect(span.name).toBe('tools/call echo');
    expect(span.attributes['error.type']).toBe('tool_error');
    expect(span.attributes.outcome).toBe('tool_error');
    expect(span.attributes['rpc.response.status_code']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('traces a refused request with its JSON-RPC error (-32020)', async () => {
    const res = await mcp(
      t.server,
      'tools/list',
      { _meta: { traceparent: TRACEPARENT } },
      { extraHeaders: { 'Mcp-Method': 'tools/call' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(-32020);
    const span = onlySpan();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/list',
      'error.type': '-32020',
      'rpc.response.status_code': '-32020',
      'rpc.jsonrpc.error_code': -32020,
    });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('keeps span names bounded: unknown methods and tools are _OTHER, the raw name stays an attribute', async () => {
    await mcp(t.server, 'no/such-method', {});
    let span = onlySpan();
    expect(span.name).toBe('_OTHER');
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'no/such-method',
      'error.type': '-32601',
    });

    exporter.reset();
    await mcp(t.server, 'tools/call', {
      name: 'nope-' + 'x'.repeat(400),
      arguments: {},
    });
    span = onlySpan();
    expect(span.name).toBe('tools/call _OTHER');
    expect(span.attributes['error.type']).toBe('-32602');
    expect(String(span.attributes['gen_ai.tool.name']).length).toBe(256);
  });

  it('counts requests and records their duration by method, tool and outcome', async () => {
    await mcp(t.server, 'tools/call', {
      name: 'echo',
      arguments: { message: 'hi' },
    });
    await mcp(t.server, 'tools/call', {
      name: 'echo',
      arguments: { message: 'hi' },
    });
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const points = (name: string) =>
      all.find((m) => m.descriptor.name === name)!
        .dataPoints as DataPoint<unknown>[];
    const echoOk = (p: DataPoint<unknown>) =>
      p.attributes['mcp.method.name'] === 'tools/call' &&
      p.attributes['gen_ai.tool.name'] === 'echo' &&
      p.attributes.outcome === 'ok';

    expect(
      points('mcp.server.requests').find(echoOk)?.value,
    ).toBeGreaterThanOrEqual(2);
    const duration = points('mcp.server.operation.duration').find(echoOk)!
      .value as Histogram;
    expect(duration.count).toBeGreaterThanOrEqual(2);
    expect(duration.sum).toBeGreaterThan(0);
    expect(
      points('mcp.server.requests').find(
        (p) => p.attributes.outcome === 'tool_error',
      )?.attributes,
    ).toMatchObject({
      'gen_ai.tool.name': 'echo',
      'error.type': 'tool_error',
    });
    expect(
      all.find((m) => m.descriptor.name === 'mcp.server.operation.duration')
        ?.descriptor.unit,
    ).toBe('s');
  });
});

describe('telemetry: JSON log lines carry the trace id, never arguments', () => {
  let telemetry: RunningTelemetry;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    telemetry = await startTelemetry(TelemetrySettings.fromEnv(ENV), {
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });
  afterAll(() => telemetry.shutdown());

  it('logs a crashing tool as one JSON line under the request trace id, without its arguments', async () => {
    const app = await createApp(
      { NODE_ENV: 'test', HANDLE_SIGNING_KEYS: TEST_SIGNING_KEYS, ...ENV },
      { logger: new JsonConsoleLogger(['error']), imports: [ExtraToolsModule] },
    );
    await app.listen(0, '127.0.0.1');
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    try {
      const res = await mcp(app.getHttpServer(), 'tools/call', {
        name: 'shout',
        arguments: { text: 'handle-secret-abc', mode: 'crash' },
        _meta: { traceparent: TRACEPARENT },
      });
      expect(res.body.result.isError).toBe(true);
      expect(lines.join('')).toContain(
        exporter.getFinishedSpans().at(-1)!.spanContext().spanId,
      );
    } finally {
      process.stderr.write = write;
      await app.close();
    }
    const records = lines
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const crash = records.find((r) => r.context === 'ToolInvoker');
    expect(crash).toMatchObject({
      level: 'error',
      trace_id: TRACE_ID,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(lines.join('')).not.toContain('handle-secret-abc');
  });
});

describe('telemetry: sampling is explicit (TELEMETRY_SAMPLING_RATIO)', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: RunningTelemetry;
  let t: TestServer;

  beforeAll(async () => {
    const env = { ...ENV, TELEMETRY_SAMPLING_RATIO: '0' };
    telemetry = await startTelemetry(TelemetrySettings.fromEnv(env), {
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    t = await startApp(env);
  });
  afterAll(async () => {
    await t.close();
    await telemetry.shutdown();
  });

  it('at 0 exports nothing, yet the request still runs under the caller trace', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'whoami',
      arguments: {},
      _meta: { traceparent: TRACEPARENT },
    });
    expect(res.body.result.structuredContent.trace_id).toBe(TRACE_ID);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
