import { Injectable } from '@nestjs/common';

/** How an audited call ended. */
export type AuditOutcome = 'ok' | 'denied' | 'error';

/** One audited tool call. */
export interface AuditEntry {
  readonly tool: string;
  readonly subject: string | null;
  readonly outcome: AuditOutcome;
}

/** How many calls the log keeps: it is this instance's recent history, not a store. */
export const AUDIT_LOG_SIZE = 50;

/** The most recent tool calls of this instance, newest first, in memory. */
@Injectable()
export class AuditLog {
  private readonly entries: AuditEntry[] = [];

  record(entry: AuditEntry): void {
    this.entries.unshift(entry);
    if (this.entries.length > AUDIT_LOG_SIZE) this.entries.pop();
  }

  /** The kept entries, newest first. */
  recent(): AuditEntry[] {
    return [...this.entries];
  }
}
