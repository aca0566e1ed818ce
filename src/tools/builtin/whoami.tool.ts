import { Injectable } from '@nestjs/common';
import { InstanceInfo } from '../../instance/instance-info.js';
import { McpTool } from '../tool.decorator.js';
import type { ToolContext } from '../tool-context.interface.js';
import type { McpToolHandler } from '../tool-handler.interface.js';

/** What whoami reports. */
export interface WhoamiResult {
  instance_id: string;
  site_name: string;
  slot_name: string;
  hostname: string;
  pid: number;
  served_at: string;
  trace_id: string | null;
}

/** Names the instance that served the call: the load-balancing demo's probe. */
@McpTool({
  name: 'whoami',
  title: 'Who am I talking to?',
  description:
    'Return the App Service instance ID, site, slot and hostname serving this request, and the trace id it ran under. Use it to verify load distribution.',
  inputSchema: { type: 'object', additionalProperties: false },
  outputSchema: {
    type: 'object',
    properties: {
      instance_id: { type: 'string' },
      site_name: { type: 'string' },
      slot_name: { type: 'string' },
      hostname: { type: 'string' },
      pid: { type: 'integer' },
      served_at: { type: 'string', format: 'date-time' },
      trace_id: { type: ['string', 'null'] },
    },
    required: [
      'instance_id',
      'site_name',
      'slot_name',
      'hostname',
      'pid',
      'served_at',
      'trace_id',
    ],
  },
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class WhoamiTool implements McpToolHandler<
  Record<string, never>,
  WhoamiResult
> {
  constructor(private readonly instance: InstanceInfo) {}

  execute(_args: Record<string, never>, ctx: ToolContext): WhoamiResult {
    return {
      instance_id: this.instance.instanceId,
      site_name: this.instance.siteName,
      slot_name: this.instance.slotName,
      hostname: this.instance.hostname,
      pid: this.instance.pid,
      served_at: new Date().toISOString(),
      trace_id: ctx.traceId ?? null,
    };
  }
}
