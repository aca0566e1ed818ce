import { Injectable, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import {
  McpTool,
  type McpToolHandler,
  type ToolOutput,
} from '@stateless-mcp/nest';
import { AUDIT_LOG_SIZE, AuditLog } from './audit.log.js';
import { Roles } from './roles.decorator.js';
import { RolesGuard } from './roles.guard.js';

const Input = z.strictObject({});
const Output = z.object({
  entries: z.array(
    z.object({
      tool: z.string(),
      subject: z.string().nullable(),
      outcome: z.enum(['ok', 'denied', 'error']),
    }),
  ),
});

/**
 * The recent tool calls this instance served (each instance keeps its own), newest first. Admins
 * only: the log shows what every other caller did.
 */
@Injectable()
@McpTool({
  name: 'team_audit_log',
  description: `The last ${AUDIT_LOG_SIZE} tool calls this server instance served, newest first (admins only).`,
  input: Input,
  output: Output,
  annotations: { readOnlyHint: true },
})
@UseGuards(RolesGuard)
@Roles('admin')
export class AuditLogTool implements McpToolHandler<
  Record<string, never>,
  ToolOutput<typeof Output>
> {
  constructor(private readonly log: AuditLog) {}

  execute(): ToolOutput<typeof Output> {
    return { entries: this.log.recent() };
  }
}
