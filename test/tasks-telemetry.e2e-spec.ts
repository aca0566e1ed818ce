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
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import { requireTool } from './support/system-tools.js';
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

const withRedis = requireTool('redis', 'telemetry of tasks run on BullMQ');

for (const backend of ['memory', 'redis'] as const)
  (backend === 'redis' ? withRedis : describe)(
    `telemetry of task runs (${backend})`,
    () => {
      const exporter = new InMemorySpanExporter();
      const reader = new PullReader();
      const prefix = uniquePrefix('tasks-telemetry');
      let telemetry: RunningTelemetry;
      let t: TestServer;

      beforeAll(async () => {
        if (backend === 'redis') await ensureSharedRedis();
        telemetry = await startTelemetry(TelemetrySettings.fromEnv(ENV), {
          spanProcessors: [new SimpleSpanProcessor(exporter)],
          metricReaders: [reader],
        });
        t = await startApp(
          backend === 'redis'
            ? { ...ENV, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix }
            : ENV,
          [ConformanceFixturesModule],
        );
      });
      afterAll(async () => {
        await t.close();
        await telemetry.shutdown();
        if (backend === 'redis') await deleteKeys(prefix);
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
        // A run's span ends once the run has settled, a moment after the record shows the outcome.
        const spans = await waitFor(
          () => {
            const all = exporter.getFinishedSpans();
            return [ok.taskId, bad.taskId].every((id) =>
              all.some((s) => s.attributes['mcp.task.id'] === id),
            )
              ? all
              : undefined;
          },
          { what: 'both runs’ spans' },
        );
        const create = spans.find(
          (s) =>
            s.name === 'tools/call slow_compute' &&
            s.spanContext().traceId === TRACE_ID,
        );
        const run = spans.find(
          (s) => s.attributes['mcp.task.id'] === ok.taskId,
        );
        expect(create).toBeDefined();
        expect(run).toMatchObject({ name: 'task slow_compute' });
        expect(run!.attributes).toMatchObject({
          'gen_ai.tool.name': 'slow_compute',
          'mcp.task.status': 'completed',
          'mcp.task.attempt': 1,
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
          sum(
            'mcp.server.tasks.finished',
            (p) => p.attributes.status === 'failed',
          ),
        ).toBe(1);
        // Queue wait before each run and each run's time, by outcome.
        const histogram = (name: string) =>
          (all.find((m) => m.descriptor.name === name)?.dataPoints ??
            []) as DataPoint<{ count: number }>[];
        expect(
          histogram('mcp.server.tasks.queue_wait').reduce(
            (n, p) => n + p.value.count,
            0,
          ),
        ).toBe(2);
        expect(
          histogram('mcp.server.tasks.run_time')
            .filter((p) => p.attributes.outcome === 'completed')
            .reduce((n, p) => n + p.value.count, 0),
        ).toBe(1);
      });
    },
  );
