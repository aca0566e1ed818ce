import { Injectable, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { McpTool, type McpToolFn } from '@stateless-mcp/nest';
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
 * only: the log shows what every other caller did. `execute`'s result is typed from `Output`; the
 * log is injected through the constructor as in any provider.
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
export class AuditLogTool {
  constructor(private readonly log: AuditLog) {}

  execute: McpToolFn<typeof Input, typeof Output> = () => ({
    entries: this.log.recent(),
  });
}
