import { Injectable } from '@nestjs/common';
import {
  context,
  type Counter,
  type Histogram,
  type Link,
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type UpDownCounter,
} from '@opentelemetry/api';
import { PACKAGE } from '../config/package-info.js';
import type { TaskRun } from '../tasks/task-run.js';
import type { TaskTelemetrySink } from '../tasks/task-telemetry.sink.js';
import type { TaskSpanLink } from '../tasks/task.types.js';

/** Buckets (s) of queue wait and run time: tasks are for work from seconds to hours. */
const SECONDS = [
  0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600,
];

/**
 * Tasks on OpenTelemetry: a span per run, linked to the span of the request that created the task
 * (the run outlives that request and may happen on another instance, so it is a link, not a
 * child); counters of tasks created, runs active and tasks finished by status; histograms of the
 * wait in the queue before a run starts and of each run's time, by outcome — through the global
 * providers the application's SDK registered.
 */
@Injectable()
export class OtelTaskTelemetry implements TaskTelemetrySink {
  private readonly createdTasks: Counter;
  private readonly activeRuns: UpDownCounter;
  private readonly finishedTasks: Counter;
  private readonly queueWait: Histogram;
  private readonly runTime: Histogram;

  constructor() {
    const meter = metrics.getMeter(PACKAGE.name, PACKAGE.version);
    this.createdTasks = meter.createCounter('mcp.server.tasks.created', {
      unit: '{task}',
      description: 'Tasks created on this instance.',
    });
    this.activeRuns = meter.createUpDownCounter('mcp.server.tasks.active', {
      unit: '{task}',
      description: 'Task runs on this instance.',
    });
    this.finishedTasks = meter.createCounter('mcp.server.tasks.finished', {
      unit: '{task}',
      description: 'Tasks ended by a run on this instance, by final status.',
    });
    this.queueWait = meter.createHistogram('mcp.server.tasks.queue_wait', {
      unit: 's',
      description:
        'Time a task waited before a run started (since creation, answers or hand-over).',
      advice: { explicitBucketBoundaries: SECONDS },
    });
    this.runTime = meter.createHistogram('mcp.server.tasks.run_time', {
      unit: 's',
      description:
        'Time of one run of a task on this instance, by outcome (completed, failed, cancelled, parked, handed-over…).',
      advice: { explicitBucketBoundaries: SECONDS },
    });
  }

  /** The span of the current request, as JSON a run on any instance can link to. */
  currentSpan(): TaskSpanLink | undefined {
    const span = trace.getSpanContext(context.active());
    return span
      ? {
          traceId: span.traceId,
          spanId: span.spanId,
          traceFlags: span.traceFlags,
        }
      : undefined;
  }

  created(tool: string): void {
    this.createdTasks.add(1, { 'gen_ai.tool.name': tool });
  }

  started(run: TaskRun): void {
    this.activeRuns.add(1);
    this.queueWait.record(
      Math.max(0, run.startedAt - run.start.queuedAt) / 1000,
      { 'gen_ai.tool.name': run.tool },
    );
  }

  /** A run ended; `outcome` is the task's status when the run ended it, else what happened. */
  stopped(run: TaskRun, outcome: string): void {
    this.activeRuns.add(-1);
    const tool = { 'gen_ai.tool.name': run.tool };
    this.runTime.record((Date.now() - run.startedAt) / 1000, {
      ...tool,
      outcome,
    });
    if (['completed', 'failed', 'cancelled'].includes(outcome))
      this.finishedTasks.add(1, { ...tool, status: outcome });
  }

  /** Runs `fn` (one run) in its own root span; resolves with the run's outcome. */
  async trace(run: TaskRun, fn: () => Promise<string>): Promise<string> {
    const tracer = trace.getTracer(PACKAGE.name, PACKAGE.version);
    const link = run.request.spanContext;
    const links: Link[] = link ? [{ context: link }] : [];
    return tracer.startActiveSpan(
      `task ${run.tool}`,
      {
        kind: SpanKind.INTERNAL,
        root: true,
        links,
        attributes: {
          'mcp.task.id': run.taskId,
          'mcp.task.attempt': run.attempt,
          'gen_ai.tool.name': run.tool,
        },
      },
      async (span) => {
        try {
          const outcome = await fn();
          span.setAttribute('mcp.task.status', outcome);
          if (outcome === 'failed')
            span.setStatus({ code: SpanStatusCode.ERROR });
          return outcome;
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }
}
