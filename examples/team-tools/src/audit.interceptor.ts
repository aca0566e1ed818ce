import {
  type CallHandler,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import {
  type McpContextType,
  McpExecutionContext,
  ToolResult,
} from '@stateless-mcp/nest';
import { type AuditOutcome, AuditLog } from './audit.log.js';

/**
 * Records every tool call that passed its guards (registered for all of them with `APP_INTERCEPTOR`):
 * `ok`, or `error` when the tool threw or returned an error result. Guards run before interceptors,
 * so a denied call never gets here: `AuditDenialFilter` records those.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly log: AuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // A global interceptor also wraps HTTP controllers; only MCP tool calls are audited.
    if (context.getType<McpContextType>() !== 'mcp') return next.handle();
    const mcp = McpExecutionContext.create(context);
    const { kind, name } = mcp.getTarget();
    if (kind !== 'tool') return next.handle();
    const subject = mcp.getContext().principal?.subject ?? null;
    const record = (outcome: AuditOutcome) =>
      this.log.record({ tool: name, subject, outcome });
    return next.handle().pipe(
      tap({
        next: (out) =>
          record(out instanceof ToolResult && out.isError ? 'error' : 'ok'),
        // A ForbiddenException thrown by the tool itself is a denial: the filter records it.
        error: (err) => {
          if (!(err instanceof ForbiddenException)) record('error');
        },
      }),
    );
  }
}
