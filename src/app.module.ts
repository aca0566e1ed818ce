import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { AppConfigModule, type Env } from './config/app-config.module.js';
import { HandlesModule } from './handles/handles.module.js';
import { HealthModule } from './health/health.module.js';
import { InstanceModule } from './instance/instance.module.js';
import { ProtocolModule } from './protocol/protocol.module.js';
import { StatusModule } from './status/status.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { BuiltinToolsModule } from './tools/builtin/builtin-tools.module.js';
import { ToolsModule } from './tools/tools.module.js';

/** The application: configuration, the MCP wire, the tool extension point and its tools. */
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
        TelemetryModule.forRoot(),
        StatusModule,
        ...extra,
      ],
    };
  }
}
