import { Module } from '@nestjs/common';
import { InstanceModule } from '../instance/instance.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { HealthController } from './health.controller.js';
import { ReadinessModule } from '../readiness/readiness.module.js';

/** Liveness and readiness probes (`/healthz`, `/readyz`) over the instance's readiness checks. */
@Module({
  imports: [InstanceModule, ProtocolModule, ReadinessModule],
  controllers: [HealthController],
})
export class HealthModule {}
