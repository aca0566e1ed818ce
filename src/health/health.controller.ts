import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InstanceInfo } from '../instance/instance-info.js';
import { ProtocolSettings } from '../protocol/protocol-settings.js';
import { LIVENESS_PATH, READINESS_PATH } from './health.routes.js';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';

/** Body of `GET /healthz`. */
export interface LivenessReport {
  status: 'ok';
  instance_id: string;
  site_name: string;
  slot_name: string;
  version: string;
}

/** Body of `GET /readyz`. */
export interface ReadinessBody {
  status: 'ready' | 'not-ready';
  instance_id: string;
  /** What is not ready: `shutting-down`, or the names of failing checks. */
  failing: readonly string[];
  /** Optional features and how they run here (e.g. `tasks: { store: "redis", active: 0 }`). */
  features: Record<string, Readonly<Record<string, unknown>>>;
}

/**
 * Probes for the platform: liveness (cheap, no dependency touched, so a Redis outage never gets
 * healthy instances recycled) and readiness (dependencies and shutdown, from `ReadinessRegistry`).
 */
@Controller()
export class HealthController {
  constructor(
    private readonly instance: InstanceInfo,
    private readonly settings: ProtocolSettings,
    private readonly registry: ReadinessRegistry,
  ) {}

  @Get(LIVENESS_PATH)
  @Header('Cache-Control', 'no-store')
  liveness(): LivenessReport {
    return {
      status: 'ok',
      instance_id: this.instance.instanceId,
      site_name: this.instance.siteName,
      slot_name: this.instance.slotName,
      version: this.settings.serverInfo.version,
    };
  }

  @Get(READINESS_PATH)
  async readiness(@Res() res: Response): Promise<void> {
    const report = await this.registry.check();
    const body: ReadinessBody = {
      status: report.ready ? 'ready' : 'not-ready',
      instance_id: this.instance.instanceId,
      failing: report.failing,
      features: this.registry.describeFeatures(),
    };
    res
      .status(report.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(body);
  }
}
