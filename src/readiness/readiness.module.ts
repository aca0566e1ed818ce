import { Module } from '@nestjs/common';
import { ReadinessRegistry } from './readiness.registry.js';

/** The readiness checks of this instance: modules that depend on a backend register theirs. */
@Module({
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class ReadinessModule {}
