import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { LIVENESS_PATH, READINESS_PATH } from '../src/health/health.routes.js';
import { ReadinessRegistry } from '../src/readiness/readiness.registry.js';
import { startApp, type TestServer } from './support/mcp-app.js';

const ENV = {
  WEBSITE_INSTANCE_ID: 'inst-health-1',
  WEBSITE_SITE_NAME: 'mcp-site',
  SLOT_NAME: 'staging',
};

describe('health probes', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it(`${LIVENESS_PATH}: 200 JSON naming the instance, slot and version, never cached`, async () => {
    t = await startApp(ENV);
    const res = await request(t.server).get(LIVENESS_PATH).expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      instance_id: 'inst-health-1',
      site_name: 'mcp-site',
      slot_name: 'staging',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.etag).toBeUndefined();
  });

  it(`${READINESS_PATH}: 200 while every check passes, 503 naming the failing ones`, async () => {
    t = await startApp(ENV);
    // On App Service without Redis, tasks are off (another instance could not answer for them).
    const tasks = {
      store: 'off',
      reason:
        'App Service without Redis: another instance could not answer for a task',
      active: 0,
    };
    await request(t.server).get(READINESS_PATH).expect(200, {
      status: 'ready',
      instance_id: 'inst-health-1',
      failing: [],
      features: { tasks },
    });

    let redisUp = true;
    const registry = t.app.get(ReadinessRegistry);
    registry.register('redis', async () => {
      if (!redisUp)
        throw new Error('connect ECONNREFUSED 10.0.0.7:6380 password=hunter2');
    });
    registry.register('other', async () => {});
    await request(t.server).get(READINESS_PATH).expect(200);

    redisUp = false;
    const res = await request(t.server).get(READINESS_PATH).expect(503);
    expect(res.body).toEqual({
      status: 'not-ready',
      instance_id: 'inst-health-1',
      failing: ['redis'],
      features: { tasks },
    });
    expect(res.text).not.toMatch(/ECONNREFUSED|hunter2/);
    expect(res.headers['cache-control']).toBe('no-store');
    // Liveness does not depend on Redis: an outage must not get healthy instances recycled.
    await request(t.server).get(LIVENESS_PATH).expect(200);

    redisUp = true;
    await request(t.server).get(READINESS_PATH).expect(200);
  });

  it(`${READINESS_PATH}: 503 once shutdown has begun, while liveness stays 200`, async () => {
    t = await startApp(ENV);
    t.app.get(ReadinessRegistry).beginShutdown();
    const res = await request(t.server).get(READINESS_PATH).expect(503);
    expect(res.body).toMatchObject({
      status: 'not-ready',
      failing: ['shutting-down'],
    });
    await request(t.server).get(LIVENESS_PATH).expect(200);
  });
});
