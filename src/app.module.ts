import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { type Env, McpHealthModule, McpModule } from './index.js';
import { BuiltinPromptsModule } from './builtin/prompts/builtin-prompts.module.js';
import { BuiltinResourcesModule } from './builtin/resources/builtin-resources.module.js';
import { StatusModule } from './status/status.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { BuiltinToolsModule } from './builtin/tools/builtin-tools.module.js';

/**
 * The application: the MCP layer (`McpModule`), the built-in tools, resources and prompts,
 * health probes, telemetry and the status page.
 */
@Module({})
export class AppModule {
  /**
   * @param env the environment to boot with (default: the process's).
   * @param extra more modules, such as a team's tool modules.
   */
  static forRoot(
    env?: Env,
    extra: (Type | DynamicModule)[] = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        McpModule.forRoot({ env }),
        McpHealthModule,
        BuiltinToolsModule,
        BuiltinResourcesModule,
        BuiltinPromptsModule,
        TelemetryModule.forRoot(),
        StatusModule,
        ...extra,
      ],
    };
  }
}
