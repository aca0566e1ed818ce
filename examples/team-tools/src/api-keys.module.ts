import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyTable } from './api-key.table.js';

/**
 * Provides the parsed `TEAM_API_KEYS`. Global because `McpModule` instantiates the authenticator
 * inside its own scope, where only global providers (and its own) can be injected.
 */
@Module({})
export class ApiKeysModule {
  static forRoot(keys: ApiKeyTable): DynamicModule {
    return {
      module: ApiKeysModule,
      global: true,
      providers: [{ provide: ApiKeyTable, useValue: keys }],
      exports: [ApiKeyTable],
    };
  }
}
