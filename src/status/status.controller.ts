import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  InstanceInfo,
  type McpAdmissionStatus,
  McpStatus,
  type McpTasksStatus,
} from '../index.js';
import { TelemetryStatus } from '../telemetry/telemetry-status.js';
import { publicMcpUrl } from './mcp-url.js';
import { renderStatusPage, STATUS_PAGE_CSP } from './status-page.renderer.js';
import type { StatusView } from './status-view.js';

/**
 * `GET /`: the human-readable status page. Shows which instance answered (refresh to watch the load
 * balancer at work), how to connect, and the tools. Never cached: each response is one instance's.
 */
@Controller()
export class StatusController {
  private readonly handleBackend: string;

  constructor(
    private readonly instance: InstanceInfo,
    private readonly mcp: McpStatus,
    private readonly telemetry: TelemetryStatus,
  ) {
    const backend = mcp.handleBackend;
    this.handleBackend =
      backend === 'redis'
        ? 'redis (state kept server-side)'
        : backend === 'signed'
          ? 'signed (state travels in the handle)'
          : `${backend} (the application's own store)`;
  }

  @Get('/')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', STATUS_PAGE_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  page(@Req() req: Request): string {
    return renderStatusPage(this.viewFor(req));
  }

  private viewFor(req: Request): StatusView {
    const mcpUrl = publicMcpUrl(req.headers, this.mcp.path);
    const serverKey =
      this.instance.siteName === 'local'
        ? 'stateless-mcp'
        : this.instance.siteName;
    return {
      serverName: this.mcp.serverInfo.name,
      version: this.mcp.serverInfo.version,
      instanceId: this.instance.instanceId,
      siteName: this.instance.siteName,
      slotName: this.instance.slotName,
      hostname: this.instance.hostname,
      servedAt: new Date().toISOString(),
      mcpUrl,
      protocolVersions: this.mcp.protocolVersions,
      strictHeaders: this.mcp.strictHeaders,
      handleBackend: this.handleBackend,
      tasks: describeTasks(this.mcp.tasks()),
      admission: describeAdmission(this.mcp.admission()),
      appInsights: this.telemetry.appInsights,
      otlp: this.telemetry.otlp,
      samplingRatio: this.telemetry.samplingRatio,
      tools: this.mcp
        .tools()
        .map(({ name, title, description }) => ({ name, title, description })),
      vscodeConfig: JSON.stringify(
        { servers: { [serverKey]: { type: 'http', url: mcpUrl } } },
        null,
        2,
      ),
    };
  }
}

const TASK_STORES: Readonly<Record<string, string>> = {
  redis:
    'on, redis store and BullMQ workers (any instance answers for and runs any task)',
  memory: 'on, in-memory store and in-process runs (this instance only)',
};

/** Tasks on the status page: where they run, what runs here, and the shared queue (cached counts). */
function describeTasks({
  store,
  reason,
  active,
  queue,
  running,
}: McpTasksStatus): string {
  if (store === 'off') return `off (${reason})`;
  const how =
    TASK_STORES[store] ??
    `on, the application's own ${store} store and in-process runs`;
  const now = Date.now();
  const runs = running.map(
    (r) =>
      `${r.tool}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''} for ${Math.round((now - r.since) / 1000)} s`,
  );
  const here = `${active} running here${runs.length ? `: ${runs.join(', ')}` : ''}`;
  const counts = queue
    ? `; queue: ${queue.waiting} waiting, ${queue.active} active, ${queue.delayed} delayed or waiting for input, ${queue.failed} failed (as of ${queue.readAt})`
    : '';
  return `${how}; ${here}${counts}`;
}

/** Admission control on the status page: refusals since boot by reason, and the load right now. */
function describeAdmission({
  enabled,
  refused,
  inFlight,
  longestTurnMs,
  heapUsedPercent,
}: McpAdmissionStatus): string {
  if (!enabled) return 'off (every request is taken)';
  const counts = Object.entries(refused)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return `on; refused since boot: ${counts}; ${inFlight} in flight, longest event-loop turn ${Math.round(longestTurnMs)} ms (last 10–20 s), heap ${Math.round(heapUsedPercent)} %`;
}
