import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CompletionsModule } from './completions/completions.module.js';
import { AppConfigModule, type Env } from './config/app-config.module.js';
import { HandlesModule } from './handles/handles.module.js';
import { HealthModule } from './health/health.module.js';
import { InstanceModule } from './instance/instance.module.js';
import { BuiltinPromptsModule } from './prompts/builtin/builtin-prompts.module.js';
import { PromptsModule } from './prompts/prompts.module.js';
import { ProtocolModule } from './protocol/protocol.module.js';
import { BuiltinResourcesModule } from './resources/builtin/builtin-resources.module.js';
import { ResourcesModule } from './resources/resources.module.js';
import { StatusModule } from './status/status.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { BuiltinToolsModule } from './tools/builtin/builtin-tools.module.js';
import { ToolsModule } from './tools/tools.module.js';

/**
 * The application: configuration, the MCP wire, handles, the tool, resource and prompt extension
 * points and their built-ins, telemetry and the status page.
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
        AppConfigModule.forRoot(env),
        InstanceModule,
        HealthModule,
        HandlesModule,
        ProtocolModule,
        ToolsModule,
        BuiltinToolsModule,
        ResourcesModule,
        BuiltinResourcesModule,
        PromptsModule,
        BuiltinPromptsModule,
        CompletionsModule,
        TasksModule,
        TelemetryModule.forRoot(),
        StatusModule,
        ...extra,
      ],
    };
  }
}
