import { Global, Module } from '@nestjs/common';
import { ReadinessRegistry } from './readiness.registry.js';

/** Liveness and readiness: global, so any module can register a readiness check. */
@Global()
@Module({
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
