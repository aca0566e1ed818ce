import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { McpModule } from 'stateless-mcp-nest';
import { AdminResetTool } from './admin-reset.tool.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import type { ApiKeyTable } from './api-key.table.js';
import { ApiKeysModule } from './api-keys.module.js';
import { AuditDenialFilter } from './audit-denial.filter.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditLog } from './audit.log.js';
import { AuditLogTool } from './audit-log.tool.js';
import { GreetTool } from './greet.tool.js';
import { RolesGuard } from './roles.guard.js';

/**
 * A team's application: the MCP layer from the package, its API-key callers, three tools, and an
 * audit of every tool call through a global interceptor and exception filter.
 */
@Module({})
export class AppModule {
  static forRoot(keys: ApiKeyTable): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiKeysModule.forRoot(keys),
        // Typed options; whatever is left out keeps a default that suits a local run.
        McpModule.forRoot({
          auth: { authenticator: ApiKeyAuthenticator },
          keys: { signingKeys: process.env.HANDLE_SIGNING_KEYS?.split(',') },
        }),
      ],
      providers: [
        GreetTool,
        AdminResetTool,
        AuditLogTool,
        RolesGuard,
        AuditLog,
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: AuditDenialFilter },
      ],
    };
  }
}
