import { type DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CompletionsModule } from '../completions/completions.module.js';
import { HandlesModule } from '../handles/handles.module.js';
import { InstanceModule } from '../instance/instance.module.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { PromptsModule } from '../prompts/prompts.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ResourcesModule } from '../resources/resources.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { McpHttpBinder } from './mcp-http.binder.js';
import type { McpModuleOptions } from './mcp-module.options.js';
import {
  MCP_MODULE_OPTIONS,
  McpConfigurableModule,
  type McpModuleAsyncOptions,
} from './mcp.module-definition.js';
import { McpSettings } from './mcp-settings.js';
import { McpStatus } from './mcp-status.js';

/**
 * The whole MCP layer in one import: the `/mcp` endpoint wired into the HTTP adapter, the tool,
 * resource and prompt extension points (any `@McpTool`, `@McpResource` or `@McpPrompt` provider in
 * the application is discovered), completions, handles and tasks (SEP-2663) for tools that declare
 * `taskSupport`.
 *
 * Configured with typed options, `forRoot(options)` or `forRootAsync({ useFactory | useClass |
 * useExisting })`, validated once at boot; the module reads no configuration of its own.
 *
 * Global, like a database module's `forRoot`: a team's tool module can inject `HandleService`
 * without importing this module again.
 */
@Module({})
export class McpModule extends McpConfigurableModule {
  /** The MCP layer with `options` (every one optional; the defaults suit local use). */
  static override forRoot(options: McpModuleOptions = {}): DynamicModule {
    return McpModule.assemble(super.forRoot(options));
  }

  /** The MCP layer with options built by a factory, a class or an existing provider. */
  static override forRootAsync(options: McpModuleAsyncOptions): DynamicModule {
    return McpModule.assemble(super.forRootAsync(options));
  }

  /** Adds the layer's modules to the options provider Nest's builder made. */
  private static assemble(definition: DynamicModule): DynamicModule {
    return {
      ...definition,
      global: true,
      imports: [
        ...(definition.imports ?? []),
        InstanceModule,
        LifecycleModule,
        HandlesModule,
        ProtocolModule,
        ToolsModule,
        ResourcesModule,
        PromptsModule,
        CompletionsModule,
        TasksModule,
      ],
      providers: [
        ...(definition.providers ?? []),
        {
          provide: McpSettings,
          inject: [MCP_MODULE_OPTIONS, ModuleRef],
          useFactory: (options: McpModuleOptions, moduleRef: ModuleRef) =>
            McpSettings.resolve(options, moduleRef),
        },
        McpHttpBinder,
        McpStatus,
      ],
      exports: [McpSettings, McpStatus, HandlesModule, InstanceModule],
    };
  }
}
