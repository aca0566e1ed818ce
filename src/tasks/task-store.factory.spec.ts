import { describe, expect, it } from '@jest/globals';
import { InstanceInfo } from '../instance/instance-info.js';
import { chooseTaskBackend } from './task-store.factory.js';
import { TasksEnvironment } from './tasks.env.js';

const env = (backend: TasksEnvironment['TASKS_BACKEND']) =>
  Object.assign(new TasksEnvironment(), { TASKS_BACKEND: backend });
const local = new InstanceInfo({});
const appService = new InstanceInfo({ WEBSITE_INSTANCE_ID: 'abc123' });

describe('chooseTaskBackend', () => {
  it('uses Redis whenever it is configured, on one instance or many', () => {
    expect(chooseTaskBackend(env('auto'), true, local).backend).toBe('redis');
    expect(chooseTaskBackend(env('auto'), true, appService).backend).toBe(
      'redis',
    );
    expect(chooseTaskBackend(env('redis'), true, appService).backend).toBe(
      'redis',
    );
  });

  it('keeps tasks in memory only where this is the one instance', () => {
    expect(chooseTaskBackend(env('auto'), false, local).backend).toBe('memory');
    expect(chooseTaskBackend(env('memory'), true, local).backend).toBe(
      'memory',
    );
  });

  it('turns tasks off on App Service without Redis, even when memory is asked for', () => {
    for (const backend of ['auto', 'memory'] as const) {
      const choice = chooseTaskBackend(env(backend), false, appService);
      expect(choice.backend).toBe('off');
      expect(choice.reason).toMatch(/App Service without Redis/);
    }
    expect(chooseTaskBackend(env('redis'), false, local)).toEqual({
      backend: 'off',
      reason: 'TASKS_BACKEND=redis without REDIS_URL',
    });
    expect(chooseTaskBackend(env('off'), true, local).backend).toBe('off');
  });
});
