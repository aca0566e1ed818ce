/** A tool as the status page lists it. */
export interface StatusTool {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
}

/** Everything the status page shows; every field is escaped when rendered. No secret belongs here. */
export interface StatusView {
  readonly serverName: string;
  readonly version: string;
  readonly instanceId: string;
  readonly siteName: string;
  readonly slotName: string;
  readonly hostname: string;
  readonly servedAt: string;
  readonly mcpUrl: string;
  readonly protocolVersions: readonly string[];
  readonly strictHeaders: boolean;
  readonly handleBackend: string;
  /** Whether long tool calls can run as tasks here, and on which store. */
  readonly tasks: string;
  /** Admission control: on or off, refusals since boot, what it decides on now. */
  readonly admission: string;
  readonly appInsights: boolean;
  readonly otlp: boolean;
  /** Share of traces kept, when telemetry runs. */
  readonly samplingRatio?: number;
  readonly tools: readonly StatusTool[];
  /** `.vscode/mcp.json` pointing at `mcpUrl`. */
  readonly vscodeConfig: string;
}
