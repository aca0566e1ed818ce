import { Module } from '@nestjs/common';
import { InstanceModule } from '../instance/instance.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { HealthController } from './health.controller.js';
import { ReadinessModule } from '../readiness/readiness.module.js';

/**
 * Liveness and readiness probes for the platform, next to `/mcp`: `GET /healthz` (cheap, touches no
 * dependency, so a Redis outage never gets healthy instances recycled) and `GET /readyz` (503 while
 * a backend of the MCP layer — the Redis handle or task store — is down, or the instance is shutting
 * down). Import it beside `McpModule`. Exports `ReadinessRegistry`, where an application registers
 * checks of its own backends (a database, …) so that `/readyz` reports them too.
 */
@Module({
  imports: [InstanceModule, ProtocolModule, ReadinessModule],
  controllers: [HealthController],
  exports: [ReadinessModule],
})
export class McpHealthModule {}
