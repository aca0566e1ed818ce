import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  HandleService,
  InstanceInfo,
  MAX_SIGNED_HANDLE_LENGTH,
  type McpCallContext,
  McpTool,
  type McpToolHandler,
  type ToolArgs,
  type ToolOutput,
} from '../../index.js';

const PURPOSE = 'tally';
const MAX_ADD = 1_000_000;
/** Totals stay exact JavaScript integers (and within Redis's 64-bit HINCRBY). */
const MAX_TOTAL = 1e15;

const TallyInput = z.strictObject({
  handle: z
    .string()
    .min(1)
    .max(MAX_SIGNED_HANDLE_LENGTH)
    .optional()
    .describe(
      'The handle the previous tally call returned; omit to start a new tally',
    ),
  add: z.int().min(-MAX_ADD).max(MAX_ADD).describe('Amount to add').default(1),
});

const TallyOutput = z.object({
  handle: z.string(),
  total: z.int(),
  calls: z.int(),
  instance_id: z.string(),
  expires_at: z.iso.datetime(),
});

/** What tally answers. */
export type TallyResult = ToolOutput<typeof TallyOutput>;

/**
 * A running total carried by an explicit handle (sessions are gone, SEP-2567; state that must
 * survive between calls is a handle the client passes back:
 * https://modelcontextprotocol.io/specification/2026-07-28/server/tools#stateful-tools). Any
 * instance continues any handle.
 */
@McpTool({
  name: 'tally',
  title: 'Running total',
  description:
    'Keep a running total across calls, served by any instance. Call without a handle to start a new tally at 0; ' +
    'each call adds `add` (default 1) and returns the total and a handle. Always pass back the latest handle. ' +
    'A handle expires after a period without use (24 hours by default); expires_at says when.',
  input: TallyInput,
  output: TallyOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
})
@Injectable()
export class TallyTool implements McpToolHandler<
  ToolArgs<typeof TallyInput>,
  Promise<TallyResult>
> {
  constructor(
    private readonly handles: HandleService,
    private readonly instance: InstanceInfo,
  ) {}

  async execute(
    { handle, add }: ToolArgs<typeof TallyInput>,
    ctx: McpCallContext,
  ): Promise<TallyResult> {
    const record =
      handle === undefined
        ? await this.handles.mint(PURPOSE, { total: add, calls: 1 }, ctx)
        : await this.handles.update(
            PURPOSE,
            handle,
            {
              increment: {
                total: { by: add, min: -MAX_TOTAL, max: MAX_TOTAL },
                calls: { by: 1, min: 1, max: MAX_TOTAL },
              },
            },
            ctx,
          );
    return {
      handle: record.handle,
      total: record.state.total as number,
      calls: record.state.calls as number,
      instance_id: this.instance.instanceId,
      expires_at: record.expiresAt.toISOString(),
    };
  }
}
