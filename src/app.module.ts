import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { type McpAuthOptions, McpHealthModule, McpModule } from './index.js';
import { BuiltinPromptsModule } from './builtin/prompts/builtin-prompts.module.js';
import { BuiltinResourcesModule } from './builtin/resources/builtin-resources.module.js';
import type { ServerConfiguration } from './server-configuration.js';
import { StatusModule } from './status/status.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { BuiltinToolsModule } from './builtin/tools/builtin-tools.module.js';

/** What the application is built with besides its configuration. */
export interface AppModuleOptions {
  /** More modules, such as a team's tool modules (tests add fixtures). */
  readonly imports?: (Type | DynamicModule)[];
  /** An authenticator for `/mcp` (`auth.authenticator` of `McpModule`); tests use one. */
  readonly authenticator?: McpAuthOptions['authenticator'];
}

/**
 * The application: its configuration (`ConfigModule`), the MCP layer (`McpModule`, configured from
 * it), the built-in tools, resources and prompts, health probes, telemetry and the status page.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: ServerConfiguration,
    { imports = [], authenticator }: AppModuleOptions = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        config.module,
        McpModule.forRootAsync(config.mcpModuleOptions({ authenticator })),
        McpHealthModule,
        BuiltinToolsModule,
        BuiltinResourcesModule,
        BuiltinPromptsModule,
        TelemetryModule.forRoot(),
        StatusModule,
        ...imports,
      ],
    };
  }
}
