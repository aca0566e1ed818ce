import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import { type DataPoint } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import type { RunningTelemetry } from '../src/telemetry/running-telemetry.js';
import { startTelemetry } from '../src/telemetry/telemetry-sdk.js';
import { TelemetrySettings } from '../src/telemetry/telemetry-settings.js';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { PullReader } from './support/pull-reader.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import {
  createTask,
  taskMeta,
  terminal,
  waitForTask,
} from './support/tasks.js';
import { waitFor } from './support/wait-for.js';

const ENV = { WEBSITE_SITE_NAME: 'mcp-site', SLOT_NAME: 'staging' };
const TRACE_ID = '5bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('telemetry of task runs', () => {
  const exporter = new InMemorySpanExporter();
  const reader = new PullReader();
  let telemetry: RunningTelemetry;
  let t: TestServer;

  beforeAll(async () => {
    telemetry = await startTelemetry(TelemetrySettings.fromEnv(ENV), {
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      metricReaders: [reader],
    });
    t = await startApp(ENV, [ConformanceFixturesModule]);
  });
  afterAll(async () => {
    await t.close();
    await telemetry.shutdown();
  });

  it('records a span per run, linked to the creating request, and counts tasks by final status', async () => {
    const ok = await createTask(
      t.server,
      'slow_compute',
      { seconds: 0.2, label: 'traced' },
      { meta: { ...taskMeta(), traceparent: TRACEPARENT } },
    );
    const bad = await createTask(t.server, 'protocol_error_job');
    await waitForTask(t.server, ok.taskId, terminal);
    await waitForTask(t.server, bad.taskId, terminal);
    // Both runs have ended, not just their tasks: their spans are finished and they are counted.
    await waitFor(
      async () => {
        const spansEnded = [ok.taskId, bad.taskId].every((id) =>
          exporter
            .getFinishedSpans()
            .some((s) => s.attributes['mcp.task.id'] === id),
        );
        const { resourceMetrics } = await reader.collect();
        const finished = resourceMetrics.scopeMetrics
          .flatMap((s) => s.metrics)
          .find((m) => m.descriptor.name === 'mcp.server.tasks.finished');
        const counted = ((finished?.dataPoints ?? []) as DataPoint<number>[])
          .map((p) => p.value)
          .reduce((n, v) => n + v, 0);
        return spansEnded && counted === 2;
      },
      { what: 'both task runs to end (spans finished, runs counted)' },
    );

    const spans = exporter.getFinishedSpans();
    const create = spans.find(
      (s) =>
        s.name === 'tools/call slow_compute' &&
        s.spanContext().traceId === TRACE_ID,
    );
    const run = spans.find((s) => s.attributes['mcp.task.id'] === ok.taskId);
    expect(create).toBeDefined();
    expect(run).toMatchObject({ name: 'task slow_compute' });
    expect(run!.attributes).toMatchObject({
      'gen_ai.tool.name': 'slow_compute',
      'mcp.task.status': 'completed',
    });
    // Its own trace (the run outlives the request), linked to the request's span.
    expect(run!.spanContext().traceId).not.toBe(TRACE_ID);
    expect(run!.links.map((l) => l.context.spanId)).toEqual([
      create!.spanContext().spanId,
    ]);
    const failed = spans.find(
      (s) => s.attributes['mcp.task.id'] === bad.taskId,
    );
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);

    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const points = (name: string) =>
      (all.find((m) => m.descriptor.name === name)?.dataPoints ??
        []) as DataPoint<number>[];
    const sum = (name: string, match: (p: DataPoint<number>) => boolean) =>
      points(name)
        .filter(match)
        .reduce((n, p) => n + p.value, 0);
    expect(sum('mcp.server.tasks.created', () => true)).toBe(2);
    expect(sum('mcp.server.tasks.active', () => true)).toBe(0);
    expect(
      sum(
        'mcp.server.tasks.finished',
        (p) =>
          p.attributes.status === 'completed' &&
          p.attributes['gen_ai.tool.name'] === 'slow_compute',
      ),
    ).toBe(1);
    expect(
      sum('mcp.server.tasks.finished', (p) => p.attributes.status === 'failed'),
    ).toBe(1);
  });
});
