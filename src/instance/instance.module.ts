import { Module } from '@nestjs/common';
import { settingsProvider } from '../mcp/settings.provider.js';
import { InstanceEnvironment } from './instance.env.js';
import { InstanceInfo } from './instance-info.js';

/** Provides `InstanceInfo`: which instance and slot this process is (tools, telemetry, status page). */
@Module({
  providers: [
    settingsProvider(InstanceEnvironment),
    {
      provide: InstanceInfo,
      inject: [InstanceEnvironment],
      useFactory: (env: InstanceEnvironment) => new InstanceInfo(env),
    },
  ],
  exports: [InstanceInfo],
})
export class InstanceModule {}
