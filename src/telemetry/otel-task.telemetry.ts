import { Injectable } from '@nestjs/common';
import {
  context,
  type Counter,
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

/**
 * Task runs on OpenTelemetry: a span per run, linked to the span of the request that created the
 * task (the run outlives that request, so it is a link, not a child), and counters of tasks created,
 * active and finished by status, through the global providers the application's SDK registered.
 */
@Injectable()
export class OtelTaskTelemetry implements TaskTelemetrySink {
  private readonly created: Counter;
  private readonly activeTasks: UpDownCounter;
  private readonly finishedTasks: Counter;

  constructor() {
    const meter = metrics.getMeter(PACKAGE.name, PACKAGE.version);
    this.created = meter.createCounter('mcp.server.tasks.created', {
      unit: '{task}',
      description: 'Tasks created on this instance.',
    });
    this.activeTasks = meter.createUpDownCounter('mcp.server.tasks.active', {
      unit: '{task}',
      description: 'Tasks running on this instance.',
    });
    this.finishedTasks = meter.createCounter('mcp.server.tasks.finished', {
      unit: '{task}',
      description: 'Task runs ended on this instance, by final status.',
    });
  }

  /** The span context of the current request, to link a task run to. */
  currentSpan() {
    return trace.getSpanContext(context.active());
  }

  started(tool: string): void {
    this.created.add(1, { 'gen_ai.tool.name': tool });
    this.activeTasks.add(1);
  }

  stopped(tool: string, status: string): void {
    this.activeTasks.add(-1);
    this.finishedTasks.add(1, { 'gen_ai.tool.name': tool, status });
  }

  /** Runs `fn` (the whole run) in its own root span; resolves with the run's final status. */
  async trace(run: TaskRun, fn: () => Promise<string>): Promise<string> {
    const tracer = trace.getTracer(PACKAGE.name, PACKAGE.version);
    const links: Link[] = run.request.spanContext
      ? [{ context: run.request.spanContext }]
      : [];
    return tracer.startActiveSpan(
      `task ${run.tool}`,
      {
        kind: SpanKind.INTERNAL,
        root: true,
        links,
        attributes: {
          'mcp.task.id': run.taskId,
          'gen_ai.tool.name': run.tool,
        },
      },
      async (span) => {
        try {
          const status = await fn();
          span.setAttribute('mcp.task.status', status);
          if (status === 'failed')
            span.setStatus({ code: SpanStatusCode.ERROR });
          return status;
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
