import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { createApp } from '../../src/bootstrap.js';
import { validateEnv } from '../../src/config/validate-env.js';
import { startApp } from '../support/mcp-app.js';
import {
  type BicepObject,
  reference,
  UNKNOWN,
} from './support/bicep-evaluator.js';
import {
  appEnvClasses,
  type EnvClass,
  settingsReadBy,
} from './support/env-classes.js';
import {
  LIVENESS_PATH,
  READINESS_PATH,
} from '../../src/health/health.routes.js';
import { HANDLE_BACKENDS, WebDeployment } from './support/web-deployment.js';

// What the deployment supplies at deploy time, in the shape Azure supplies it: the secure
// parameter (as the preprovision hook generates it) and the Application Insights connection string.
const DEPLOY_TIME_VALUES: Record<string, string> = {
  [reference('handleSigningKeys')]:
    `k20260101:${randomBytes(32).toString('base64')}`,
  [reference('monitoring.outputs.connectionString')]:
    `InstrumentationKey=${randomUUID()};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`,
};

// What App Service itself sets on every instance.
const PLATFORM_ENV = {
  WEBSITE_INSTANCE_ID: randomBytes(32).toString('hex'),
  WEBSITE_SITE_NAME: 'app-web-token',
  WEBSITE_HOSTNAME: 'app-web-token.azurewebsites.net',
  PORT: '8080',
};

// Settings read by App Service, Kudu/Oryx or npm rather than by the app.
const PLATFORM_SETTING =
  /^(WEBSITE_|WEBSITES_|SCM_|ENABLE_ORYX_BUILD$|NPM_CONFIG_)/;

/** The environment an instance of one slot starts with. */
function instanceEnv(settings: BicepObject): Record<string, string> {
  const env: Record<string, string> = { ...PLATFORM_ENV };
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value !== 'string')
      throw new Error(`${name} is not a string app setting`);
    env[name] = DEPLOY_TIME_VALUES[value] ?? value;
  }
  return env;
}

/** Names of the env classes that refuse an environment (validation, or a production requirement). */
function refusedBy(classes: EnvClass[], env: Record<string, string>): string[] {
  return classes.filter((cls) => !accepts(cls, env)).map((cls) => cls.name);
}

function accepts(cls: EnvClass, env: Record<string, string>): boolean {
  try {
    validateEnv(cls, env);
    return true;
  } catch {
    return false;
  }
}

describe.each(HANDLE_BACKENDS)(
  'app settings the app requires (handleBackend=%s)',
  (backend) => {
    let deployment: WebDeployment;
    let classes: EnvClass[];
    beforeAll(async () => {
      deployment = await WebDeployment.load(backend);
      classes = await appEnvClasses();
    });

    it('discovers the app configuration classes', () => {
      expect(classes.map((c) => c.name)).toEqual(
        expect.arrayContaining([
          'HandlesEnvironment',
          'KeysEnvironment',
          'RedisEnvironment',
          'ProtocolEnvironment',
          'InstanceEnvironment',
        ]),
      );
    });

    it('runs in production mode on both slots', () => {
      for (const owner of [deployment.site, deployment.slot]) {
        expect(deployment.appSettings(owner).NODE_ENV).toBe('production');
      }
    });

    it.each(['site', 'slot'] as const)(
      'gives the %s a configuration every env class accepts under NODE_ENV=production',
      (which) => {
        const settings = deployment.appSettings(deployment[which]);
        expect(Object.values(settings)).not.toContain(UNKNOWN);
        expect(refusedBy(classes, instanceEnv(settings))).toEqual([]);
      },
    );

    it('would be refused without each setting the app requires (so the check above can fail)', () => {
      const settings = deployment.appSettings(deployment.site);
      const required = Object.keys(settings).filter((name) => {
        const { [name]: _dropped, ...rest } = settings;
        return refusedBy(classes, instanceEnv(rest)).length > 0;
      });
      const expected =
        backend === 'redis'
          ? ['HANDLE_SIGNING_KEYS', 'REDIS_URL', 'REDIS_USERNAME']
          : ['HANDLE_SIGNING_KEYS'];
      expect(required).toEqual(expect.arrayContaining(expected));
    });

    it('sets only settings the app or the platform reads (no typos, nothing stale)', () => {
      const read = new Set(classes.flatMap(settingsReadBy));
      const unread = Object.keys(
        deployment.appSettings(deployment.site),
      ).filter((name) => !read.has(name) && !PLATFORM_SETTING.test(name));
      expect(unread).toEqual([]);
    });
  },
);

describe('the production site configuration boots the real app (signed handles)', () => {
  it('starts, and answers the health check and warm-up routes App Service probes', async () => {
    const deployment = await WebDeployment.load('signed');
    const env = instanceEnv(deployment.appSettings(deployment.site));
    const server = await startApp(env);
    try {
      const config = deployment.property(deployment.site, 'properties') as {
        siteConfig: { healthCheckPath: string };
      };
      const warmUp = deployment.appSettings(deployment.site)
        .WEBSITE_SWAP_WARMUP_PING_PATH as string;
      expect([config.siteConfig.healthCheckPath, warmUp]).toEqual([
        LIVENESS_PATH,
        READINESS_PATH,
      ]);
      expect((await fetch(server.baseUrl + LIVENESS_PATH)).status).toBe(200);
      expect((await fetch(server.baseUrl + READINESS_PATH)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses to start without the signing keys', async () => {
    const deployment = await WebDeployment.load('signed');
    const { HANDLE_SIGNING_KEYS: _dropped, ...env } = instanceEnv(
      deployment.appSettings(deployment.site),
    );
    // createApp, not startApp: the test helper would supply test keys.
    await expect(createApp(env, { logger: false })).rejects.toThrow(
      /HANDLE_SIGNING_KEYS/,
    );
  });
});
