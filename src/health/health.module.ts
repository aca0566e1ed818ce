import { Global, Module } from '@nestjs/common';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { HealthController } from './health.controller.js';
import { ReadinessRegistry } from './readiness.registry.js';

/** Liveness and readiness: global, so any module can register a readiness check. */
@Global()
@Module({
  imports: [ProtocolModule],
  controllers: [HealthController],
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
