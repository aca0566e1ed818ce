import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import {
  type McpAuthenticator,
  McpHealthModule,
  McpModule,
  type McpPlugin,
} from '@stateless-mcp/nest';
import { AdminResetTool } from './admin-reset.tool.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import type { ApiKeyTable } from './api-key.table.js';
import { ApiKeysModule } from './api-keys.module.js';
import { AuditDenialFilter } from './audit-denial.filter.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditLog } from './audit.log.js';
import { AuditLogTool } from './audit-log.tool.js';
import { GreetTool } from './greet.tool.js';
import { ReportTool } from './report.tool.js';
import { RolesGuard } from './roles.guard.js';
import { TicketTool } from './ticket.tool.js';

/** What the application is built with besides its callers. */
export interface AppOptions {
  /**
   * Who may call `/mcp`: `ApiKeyAuthenticator` unless a test plugs in another (the testing kit's
   * `McpTestAuthenticator`), through the one authentication option, `auth.authenticator`.
   */
  readonly authenticator?: McpPlugin<McpAuthenticator>;
}

/**
 * A team's application: the MCP layer from the package with its health probes, its API-key
 * callers, five tools (one a task), and an audit of every tool call through a global interceptor
 * and exception filter.
 */
@Module({})
export class AppModule {
  static forRoot(
    keys: ApiKeyTable,
    { authenticator = ApiKeyAuthenticator }: AppOptions = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiKeysModule.forRoot(keys),
        // Typed options; whatever is left out keeps a default that suits a local run.
        McpModule.forRoot({
          auth: { authenticator },
          keys: { signingKeys: process.env.HANDLE_SIGNING_KEYS?.split(',') },
        }),
        // GET /healthz and /readyz, as the platform's probes expect them.
        McpHealthModule,
      ],
      providers: [
        GreetTool,
        AdminResetTool,
        AuditLogTool,
        ReportTool,
        TicketTool,
        RolesGuard,
        AuditLog,
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: AuditDenialFilter },
      ],
    };
  }
}
