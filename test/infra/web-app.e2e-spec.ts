import { beforeAll, describe, expect, it } from '@jest/globals';
import { reference, UNKNOWN } from './support/bicep-evaluator.js';
import { objectProperties } from './support/bicep-file.js';
import {
  LIVENESS_PATH,
  READINESS_PATH,
} from '../../src/health/health.routes.js';
import { HANDLE_BACKENDS, WebDeployment } from './support/web-deployment.js';
import { TasksEnvironment } from '../../src/tasks/tasks.env.js';

describe.each(HANDLE_BACKENDS)(
  'web app and staging slot (handleBackend=%s)',
  (backend) => {
    let deployment: WebDeployment;
    beforeAll(async () => {
      deployment = await WebDeployment.load(backend);
    });

    it('runs the slot as a child of the site, named staging, on the same plan', () => {
      const { site, slot } = deployment;
      expect(objectProperties(slot.body).get('parent')?.text).toBe(site.symbol);
      expect(deployment.property(slot, 'name')).toBe('staging');
      const plan = deployment.property(site, 'properties') as Record<
        string,
        unknown
      >;
      expect(plan.serverFarmId).toBe(reference('plan.outputs.id'));
      expect(
        (deployment.property(slot, 'properties') as Record<string, unknown>)
          .serverFarmId,
      ).toBe(plan.serverFarmId);
    });

    it('configures site and slot identically: Node 22 LTS, start command, https only, no affinity cookie', () => {
      const site = deployment.property(deployment.site, 'properties');
      const slot = deployment.property(deployment.slot, 'properties');
      expect(slot).toEqual(site);
      expect(deployment.property(deployment.slot, 'kind')).toBe(
        deployment.property(deployment.site, 'kind'),
      );
      expect(site).toMatchObject({
        httpsOnly: true,
        clientAffinityEnabled: false,
        reserved: true,
        siteConfig: {
          linuxFxVersion: 'NODE|22-lts',
          appCommandLine: 'node dist/main.js',
          alwaysOn: true,
          http20Enabled: true,
          minTlsVersion: '1.2',
          ftpsState: 'Disabled',
          healthCheckPath: LIVENESS_PATH,
        },
      });
    });

    it('warms instances up on the readiness route before traffic and before a swap', () => {
      for (const owner of [deployment.site, deployment.slot]) {
        expect(deployment.appSettings(owner)).toMatchObject({
          WEBSITE_WARMUP_PATH: READINESS_PATH,
          WEBSITE_WARMUP_STATUSES: '200',
          WEBSITE_SWAP_WARMUP_PING_PATH: READINESS_PATH,
          WEBSITE_SWAP_WARMUP_PING_STATUSES: '200',
        });
      }
    });

    it('gives a stopping instance a window its shutdown budget fits in, task hand-over included', () => {
      const tasks = new TasksEnvironment();
      for (const owner of [deployment.site, deployment.slot]) {
        const settings = deployment.appSettings(owner);
        const windowMs =
          1_000 * Number(settings.WEBSITES_CONTAINER_STOP_TIME_LIMIT);
        const budgetMs = Number(settings.SHUTDOWN_TIMEOUT_MS);
        expect(windowMs).toBeLessThanOrEqual(120_000);
        expect(budgetMs + 5_000).toBeLessThanOrEqual(windowMs);
        expect(tasks.TASKS_HANDOVER_MS).toBeLessThan(budgetMs);
      }
    });

    it('tells each slot which one it is through a sticky SLOT_NAME', () => {
      expect(deployment.appSettings(deployment.site).SLOT_NAME).toBe(
        'production',
      );
      expect(deployment.appSettings(deployment.slot).SLOT_NAME).toBe('staging');
      const sticky = deployment
        .children(deployment.site, 'Microsoft.Web/sites/config')
        .get('slotConfigNames');
      expect(sticky && deployment.property(sticky, 'properties')).toEqual({
        appSettingNames: ['SLOT_NAME'],
      });
    });

    it('gives site and slot the same settings apart from SLOT_NAME', () => {
      const { SLOT_NAME: a, ...site } = deployment.appSettings(deployment.site);
      const { SLOT_NAME: b, ...slot } = deployment.appSettings(deployment.slot);
      expect(a).not.toBe(b);
      expect(slot).toEqual(site);
    });

    it('runs both slots as the one user-assigned identity and names it in AZURE_CLIENT_ID', () => {
      const identity = {
        type: 'UserAssigned',
        userAssignedIdentities: { [reference('identity.outputs.id')]: {} },
      };
      expect(deployment.property(deployment.site, 'identity')).toEqual(
        identity,
      );
      expect(deployment.property(deployment.slot, 'identity')).toEqual(
        identity,
      );
      expect(deployment.appSettings(deployment.site).AZURE_CLIENT_ID).toBe(
        reference('identity.outputs.clientId'),
      );
    });

    it('tags the site, not the slot, as the azure.yaml service web', () => {
      expect(deployment.property(deployment.site, 'tags')).toEqual({
        'azd-env-name': reference('environmentName'),
        'azd-service-name': 'web',
      });
      expect(deployment.property(deployment.slot, 'tags')).toEqual({
        'azd-env-name': reference('environmentName'),
      });
    });

    it('never turns on the codeless Application Insights agent (double telemetry)', () => {
      for (const owner of [deployment.site, deployment.slot]) {
        const names = Object.keys(deployment.appSettings(owner));
        expect(
          names.filter((n) =>
            /^(ApplicationInsightsAgent_|XDT_|APPINSIGHTS_)/i.test(n),
          ),
        ).toEqual([]);
        expect(
          deployment.appSettings(owner).APPLICATIONINSIGHTS_CONNECTION_STRING,
        ).toBe(reference('monitoring.outputs.connectionString'));
      }
    });

    it('passes the secure signing keys parameter through unchanged, and Redis only with the redis backend', () => {
      const settings = deployment.appSettings(deployment.site);
      expect(settings.HANDLE_SIGNING_KEYS).toBe(reference('handleSigningKeys'));
      expect(settings.HANDLE_BACKEND).toBe(backend);
      if (backend === 'signed') {
        expect(
          Object.keys(settings).filter((k) => k.startsWith('REDIS_')),
        ).toEqual([]);
      } else {
        expect(settings).toMatchObject({
          REDIS_URL: `rediss://${reference('redis.outputs.hostName')}:${reference('redis.outputs.port')}`,
          REDIS_AUTH: 'entra',
          REDIS_USERNAME: reference('identity.outputs.principalId'),
        });
      }
      expect(Object.values(settings)).not.toContain(UNKNOWN);
    });

    it('disables publishing passwords on both slots (deploys use Entra ID tokens)', () => {
      for (const [owner, type] of [
        [
          deployment.site,
          'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
        ],
        [
          deployment.slot,
          'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies',
        ],
      ] as const) {
        const policies = deployment.children(owner, type);
        expect([...policies.keys()].sort()).toEqual(['ftp', 'scm']);
        for (const policy of policies.values())
          expect(deployment.property(policy, 'properties')).toEqual({
            allow: false,
          });
      }
    });
  },
);
