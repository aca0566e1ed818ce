import {
  Injectable,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { z } from 'zod';
import {
  McpTool,
  type McpToolFn,
  ToolError,
  type ToolOutput,
} from '@stateless-mcp/nest';
import { Roles } from './roles.decorator.js';
import { RolesGuard } from './roles.guard.js';
import { TicketSummaryInterceptor } from './ticket-summary.interceptor.js';
import { TrimStringsPipe } from './trim-strings.pipe.js';

const Input = z.strictObject({
  title: z.string().min(1).max(80).describe('What is wrong, in one line'),
  priority: z.enum(['low', 'normal', 'high']).default('normal'),
});
const Output = z.object({
  id: z.string(),
  title: z.string(),
  priority: z.enum(['low', 'normal', 'high']),
  reporter: z.string(),
});

/** A filed ticket: the tool's structured result. */
export type Ticket = ToolOutput<typeof Output>;

/**
 * Files a ticket for the team, and shows every kind of Nest enhancer around one tool:
 *
 * - its arguments are inferred from `Input` (`title: string`, `priority: 'low' | 'normal' |
 *   'high'`, defaulted) and its result checked against `Output`, at compile time, with no
 *   `implements` clause;
 * - guarded: `RolesGuard` lets members and admins through, anyone else gets HTTP 403 (and does not
 *   see the tool listed);
 * - piped: `TrimStringsPipe` trims the arguments after they passed `Input`, so a title of spaces
 *   reaches `execute` empty and is refused there, as a tool error the model can act on;
 * - intercepted: `TicketSummaryInterceptor` adds a sentence to the result (and the global
 *   `AuditInterceptor` records the call).
 */
@Injectable()
@McpTool({
  name: 'team_ticket',
  description: 'Files a ticket for the team (members and admins).',
  input: Input,
  output: Output,
})
@UseGuards(RolesGuard)
@Roles('admin', 'user')
@UsePipes(TrimStringsPipe)
@UseInterceptors(TicketSummaryInterceptor)
export class TicketTool {
  private filed = 0;

  execute: McpToolFn<typeof Input, typeof Output> = (
    { title, priority },
    ctx,
  ) => {
    if (!title) throw new ToolError('title must not be blank');
    this.filed += 1;
    return {
      id: `T-${this.filed}`,
      title,
      priority,
      reporter: ctx.principal?.subject ?? 'anonymous',
    };
  };
}
