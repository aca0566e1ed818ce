import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { Content, ToolResult } from '@stateless-mcp/nest';
import type { Ticket } from './ticket.tool.js';

/**
 * Adds a sentence to a filed ticket, after `execute` returns: the structured ticket stays the
 * result (checked against the tool's output schema), mirrored as JSON in the first text block, and
 * the sentence follows for a model or a person reading the text. What the tool decides stays in
 * `execute`; how the result reads lives here, as in Nest's response-mapping interceptors.
 */
@Injectable()
export class TicketSummaryInterceptor implements NestInterceptor {
  intercept(
    _context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> {
    return next
      .handle()
      .pipe(
        map((ticket: Ticket) =>
          ToolResult.structured(
            ticket,
            Content.text(
              `Ticket ${ticket.id} filed: "${ticket.title}" (${ticket.priority} priority), reported by ${ticket.reporter}.`,
            ),
          ),
        ),
      );
  }
}
