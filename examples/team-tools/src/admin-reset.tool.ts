import { Injectable, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { McpTool, type McpToolHandler } from '@stateless-mcp/nest';
import { Roles } from './roles.decorator.js';
import { RolesGuard } from './roles.guard.js';

const Input = z.strictObject({});

/** An admin-only tool: callers without the role get HTTP 403 and do not see it listed. */
@Injectable()
@McpTool({
  name: 'team_admin_reset',
  description: 'Resets the team workspace (admins only).',
  input: Input,
  annotations: { destructiveHint: true, idempotentHint: true },
})
@UseGuards(RolesGuard)
@Roles('admin')
export class AdminResetTool implements McpToolHandler<
  Record<string, never>,
  { reset: boolean }
> {
  execute(): { reset: boolean } {
    return { reset: true };
  }
}
