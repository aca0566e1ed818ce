import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { CompletionsModule } from '../completions/completions.module.js';
import { AppConfigModule } from '../config/app-config.module.js';
import { HandlesModule } from '../handles/handles.module.js';
import { InstanceModule } from '../instance/instance.module.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { PromptsModule } from '../prompts/prompts.module.js';
import { McpAuthenticator } from '../protocol/auth/mcp-authenticator.interface.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ResourcesModule } from '../resources/resources.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { McpHttpBinder } from './mcp-http.binder.js';
import type {
  McpModuleAsyncOptions,
  McpModuleOptions,
  McpModuleStaticOptions,
} from './mcp-module.options.js';

/**
 * The whole MCP layer in one import: the `/mcp` endpoint wired into the HTTP adapter, the tool,
 * resource and prompt extension points (any `@McpTool`, `@McpResource` or `@McpPrompt` provider in
 * the application is discovered), completions, handles and tasks (SEP-2663) for tools that declare
 * `taskSupport`.
 *
 * Global, like a database module's `forRoot`: a team's tool module can inject `HandleService` and
 * the protocol sees the application's authenticator without importing this module again.
 */
@Module({})
export class McpModule {
  static forRoot(
    options: McpModuleOptions & McpModuleStaticOptions = {},
  ): DynamicModule {
    return McpModule.assemble(AppConfigModule.forRoot(options.env), options);
  }

  static forRootAsync(options: McpModuleAsyncOptions): DynamicModule {
    return McpModule.assemble(
      AppConfigModule.forRootAsync({
        imports: options.imports,
        inject: options.inject,
        useFactory: async (...args: never[]) =>
          (await options.useFactory(...args)).env,
      }),
      options,
    );
  }

  private static assemble(
    config: DynamicModule,
    { authenticator }: McpModuleStaticOptions,
  ): DynamicModule {
    const providers: Provider[] = [McpHttpBinder];
    const exports: DynamicModule['exports'] = [HandlesModule, InstanceModule];
    if (authenticator) {
      providers.push(authenticator, {
        provide: McpAuthenticator,
        useExisting: authenticator,
      });
      exports.push(McpAuthenticator);
    }
    return {
      module: McpModule,
      global: true,
      imports: [
        config,
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
      providers,
      exports,
    };
  }
}
