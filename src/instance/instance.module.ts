import { Module } from '@nestjs/common';
import { envConfigProvider } from '../config/env-config.provider.js';
import { InstanceEnvironment } from './instance.env.js';
import { InstanceInfo } from './instance-info.js';

/** Provides `InstanceInfo`: which instance and slot this process is (tools, telemetry, status page). */
@Module({
  providers: [
    envConfigProvider(InstanceEnvironment),
    {
      provide: InstanceInfo,
      inject: [InstanceEnvironment],
      useFactory: (env: InstanceEnvironment) => new InstanceInfo(env),
    },
  ],
  exports: [InstanceInfo],
})
export class InstanceModule {}
