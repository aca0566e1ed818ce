import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  InstanceInfo,
  type McpCallContext,
  McpTool,
  type McpToolHandler,
  type ToolArgs,
  type ToolOutput,
} from '../../index.js';

const WhoamiInput = z.strictObject({});

const WhoamiOutput = z.object({
  instance_id: z.string(),
  site_name: z.string(),
  slot_name: z.string(),
  hostname: z.string(),
  pid: z.int(),
  served_at: z.iso.datetime(),
  // A W3C trace id (https://www.w3.org/TR/trace-context/#trace-id). The pattern makes zod emit
  // `anyOf: [string, null]` rather than `type: ["string", "null"]`, which strict schema linters
  // (the MCP Inspector's among them) warn about.
  trace_id: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .nullable()
    .describe(
      'W3C trace id the call ran under; null when it carried no trace context',
    ),
});

/** What whoami reports. */
export type WhoamiResult = ToolOutput<typeof WhoamiOutput>;

/** Names the instance that served the call: the load-balancing demo's probe. */
@McpTool({
  name: 'whoami',
  title: 'Who am I talking to?',
  description:
    'Return the App Service instance ID, site, slot and hostname serving this request, and the trace id it ran under. Use it to verify load distribution.',
  input: WhoamiInput,
  output: WhoamiOutput,
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class WhoamiTool implements McpToolHandler<
  ToolArgs<typeof WhoamiInput>,
  WhoamiResult
> {
  constructor(private readonly instance: InstanceInfo) {}

  execute(
    _args: ToolArgs<typeof WhoamiInput>,
    ctx: McpCallContext,
  ): WhoamiResult {
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
