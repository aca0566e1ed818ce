import { Injectable } from '@nestjs/common';
import { HandlesEnvironment } from '../handles/handles.env.js';
import { McpSettings } from './mcp-settings.js';
import {
  ProtocolSettings,
  type ServerInfo,
} from '../protocol/protocol-settings.js';
import { MCP_PATH } from '../protocol/protocol.constants.js';
import {
  AdmissionGate,
  type McpAdmissionStatus,
} from '../protocol/admission/admission.gate.js';
import { TasksStatus } from '../tasks/tasks-status.js';
import type { ToolDescriptor } from '../tools/tool-options.interface.js';
import { ToolRegistry } from '../tools/tool.registry.js';

/** Whether tasks run here, as `McpStatus.tasks()` reports it. */
export interface McpTasksStatus {
  /** `redis`, `memory`, `off`, or the `kind` of the application's own store. */
  readonly store: string;
  /** Why this store, or why tasks are off. */
  readonly reason: string;
  /** Task runs on this instance now (not counting tasks waiting for input). */
  readonly active: number;
  /** `in-process`, `bullmq` or the `kind` of the application's own executor, when tasks are on. */
  readonly executor?: string;
  /** The shared queue's jobs by state, at most a few seconds old, when there is a queue. */
  readonly queue?: {
    readonly waiting: number;
    readonly active: number;
    readonly delayed: number;
    readonly failed: number;
    /** When these were read, ISO 8601. */
    readonly readAt: string;
  };
  /** The task runs on this instance: tool, attempt, since when (epoch ms); never their ids. */
  readonly running: readonly {
    readonly tool: string;
    readonly attempt: number;
    readonly since: number;
  }[];
}

/**
 * What this instance's MCP layer runs with, read-only, for an application's own status or admin
 * page (this repository's status page is built on it): the endpoint, the protocol revisions, the
 * tools, and which backends handles and tasks use. Provided by `McpModule`.
 */
@Injectable()
export class McpStatus {
  /** The path `POST /mcp` is served at. */
  readonly path = MCP_PATH;

  /** @internal Built by Nest's injector: `McpModule` provides it. */
  constructor(
    private readonly settings: ProtocolSettings,
    private readonly registry: ToolRegistry,
    private readonly handles: HandlesEnvironment,
    private readonly taskStatus: TasksStatus,
    private readonly mcpSettings: McpSettings,
    private readonly admissionGate: AdmissionGate,
  ) {}

  /** The `serverInfo` every result carries. */
  get serverInfo(): ServerInfo {
    return this.settings.serverInfo;
  }

  /** Protocol revisions served (2025-era ones only in lenient mode). */
  get protocolVersions(): readonly string[] {
    return this.settings.supportedVersions;
  }

  /** True when only 2026-07-28 requests with exact standard headers are served (`protocol.strictHeaders`). */
  get strictHeaders(): boolean {
    return this.settings.strict;
  }

  /**
   * Where handle state lives: `signed` (in the signed handle itself), `redis` (in Redis under the
   * handle's id), or the `kind` of the application's own store (`handles.store`).
   */
  get handleBackend(): string {
    return this.mcpSettings.handleStore?.kind ?? this.handles.HANDLE_BACKEND;
  }

  /** Every tool as `tools/list` publishes it to a caller who may see them all. */
  tools(): readonly Readonly<ToolDescriptor>[] {
    return this.registry.list();
  }

  /** Admission control on `/mcp`: refusals since boot by reason, and what it decides on now. */
  admission(): McpAdmissionStatus {
    return this.admissionGate.stats();
  }

  /** Whether tasks are on, on which store and executor and why, what runs here, what is queued. */
  tasks(): McpTasksStatus {
    const { store, reason, active, executor, queue } = this.taskStatus.report();
    return {
      store,
      reason,
      active,
      ...(executor ? { executor } : {}),
      ...(queue ? { queue } : {}),
      running: this.taskStatus.running(),
    };
  }
}
