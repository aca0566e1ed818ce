import { Global, Module } from '@nestjs/common';
import { envConfigProvider } from '../config/env-config.provider.js';
import { InstanceEnvironment } from './instance.env.js';
import { InstanceInfo } from './instance-info.js';

/** Provides `InstanceInfo` everywhere: tools, telemetry and the status page all report it. */
@Global()
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
