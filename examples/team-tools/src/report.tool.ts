import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  type McpCallContext,
  McpTool,
  type McpToolHandler,
  type ToolArgs,
} from '@stateless-mcp/nest';

const Input = z.strictObject({
  topic: z.string().min(1).max(100).describe('What the report is about'),
  sections: z.number().int().min(1).max(20).default(3),
});

/**
 * A long tool call, run as a task (SEP-2663): the call answers a task id at once, the client polls
 * `tasks/get` for progress and the result. Each section stands for minutes of real work; the
 * signal aborts it on `tasks/cancel` or shutdown.
 */
@Injectable()
@McpTool({
  name: 'team_report',
  description:
    'Writes a report on a topic, section by section (runs as a task).',
  input: Input,
  taskSupport: 'required',
})
export class ReportTool implements McpToolHandler<ToolArgs<typeof Input>> {
  async execute(
    { topic, sections }: ToolArgs<typeof Input>,
    ctx: McpCallContext,
  ) {
    const written: string[] = [];
    for (let i = 1; i <= sections; i++) {
      ctx.signal.throwIfAborted();
      ctx.progress(i, sections, `section ${i} of ${sections}`);
      // Yields to the event loop between sections, as real I/O would.
      await new Promise((resolve) => setImmediate(resolve));
      written.push(`${topic}: section ${i}`);
    }
    return { topic, sections: written, author: ctx.principal?.subject };
  }
}
