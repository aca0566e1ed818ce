import {
  type ArgumentsHost,
  Catch,
  ForbiddenException,
  Injectable,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { type McpContextType, McpExecutionContext } from '@stateless-mcp/nest';
import { AuditLog } from './audit.log.js';

/**
 * Records denied tool calls (`APP_FILTER`). A guard's refusal surfaces as a `ForbiddenException`
 * that no interceptor sees (guards run first), but exception filters do; recording here keeps the
 * guards free of auditing. The exception is rethrown, so the server still answers its HTTP 403
 * JSON-RPC error; outside MCP the filter leaves the answer to Nest's own handling.
 */
@Catch(ForbiddenException)
@Injectable()
export class AuditDenialFilter extends BaseExceptionFilter {
  constructor(private readonly log: AuditLog) {
    super();
  }

  override catch(exception: ForbiddenException, host: ArgumentsHost): void {
    if (host.getType<McpContextType>() !== 'mcp')
      return super.catch(exception, host);
    const mcp = McpExecutionContext.create(host);
    const { kind, name } = mcp.getTarget();
    if (kind === 'tool')
      this.log.record({
        tool: name,
        subject: mcp.getContext().principal?.subject ?? null,
        outcome: 'denied',
      });
    throw exception;
  }
}
