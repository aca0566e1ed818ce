import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import type { Request } from 'express';
import { HandlesEnvironment } from '../handles/handles.env.js';
import { InstanceInfo } from '../instance/instance-info.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import { TelemetryStatus } from '../telemetry/telemetry-status.js';
import { TasksStatus } from '../tasks/tasks-status.js';
import { ToolRegistry } from '../tools/tool.registry.js';
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
    private readonly settings: ProtocolSettings,
    private readonly tools: ToolRegistry,
    private readonly telemetry: TelemetryStatus,
    @Inject(HandlesEnvironment) handles: HandlesEnvironment,
    private readonly tasks: TasksStatus,
  ) {
    this.handleBackend =
      handles.HANDLE_BACKEND === 'redis'
        ? 'redis (state kept server-side)'
        : 'signed (state travels in the handle)';
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
    const mcpUrl = publicMcpUrl(req.headers);
    const serverKey =
      this.instance.siteName === 'local'
        ? 'stateless-mcp'
        : this.instance.siteName;
    return {
      serverName: this.settings.serverInfo.name,
      version: this.settings.serverInfo.version,
      instanceId: this.instance.instanceId,
      siteName: this.instance.siteName,
      slotName: this.instance.slotName,
      hostname: this.instance.hostname,
      servedAt: new Date().toISOString(),
      mcpUrl,
      protocolVersions: this.settings.supportedVersions,
      strictHeaders: this.settings.strict,
      handleBackend: this.handleBackend,
      tasks: describeTasks(this.tasks),
      appInsights: this.telemetry.appInsights,
      otlp: this.telemetry.otlp,
      samplingRatio: this.telemetry.samplingRatio,
      tools: this.tools
        .list()
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
function describeTasks(status: TasksStatus): string {
  const { store, reason, active, queue } = status.report();
  if (store === 'off') return `off (${reason})`;
  const how =
    TASK_STORES[store] ??
    `on, the application's own ${store} store and in-process runs`;
  const now = Date.now();
  const running = status
    .running()
    .map(
      (r) =>
        `${r.tool}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''} for ${Math.round((now - r.since) / 1000)} s`,
    );
  const here = `${active} running here${running.length ? `: ${running.join(', ')}` : ''}`;
  const counts = queue
    ? `; queue: ${queue.waiting} waiting, ${queue.active} active, ${queue.delayed} delayed or waiting for input, ${queue.failed} failed (as of ${queue.readAt})`
    : '';
  return `${how}; ${here}${counts}`;
}
