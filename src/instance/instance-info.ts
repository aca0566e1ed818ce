import { hostname } from 'node:os';
import type { InstanceEnvironment } from './instance.env.js';

/**
 * Who is serving: the App Service instance, site and slot, resolved once at boot. Production and
 * staging slots run on the same VMs, so the slot is needed beside the instance id to tell them apart.
 */
export class InstanceInfo {
  readonly instanceId: string;
  readonly siteName: string;
  readonly slotName: string;
  readonly hostname = hostname();
  readonly pid = process.pid;

  constructor(env: InstanceEnvironment) {
    this.instanceId = env.WEBSITE_INSTANCE_ID || 'local';
    this.siteName = env.WEBSITE_SITE_NAME || 'local';
    this.slotName = env.SLOT_NAME || env.WEBSITE_SLOT_NAME || 'local';
  }
}
