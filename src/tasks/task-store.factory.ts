import { Logger } from '@nestjs/common';
import type { RedisConnectionFactory } from '../redis/redis-connection.factory.js';
import type { RedisEnvironment } from '../redis/redis.env.js';
import type { InstanceInfo } from '../instance/instance-info.js';
import { MemoryTaskStore } from './memory/memory-task.store.js';
import { RedisTaskStore } from './redis/redis-task.store.js';
import type { TaskStore } from './task-store.interface.js';
import type { TasksEnvironment } from './tasks.env.js';

/** Which store `TASKS_BACKEND` leads to, and why tasks are off if they are. */
export interface TaskBackendChoice {
  /** `redis`, `memory`, `off`, or the `kind` of an application's own store. */
  readonly backend: string;
  readonly reason: string;
}

/**
 * Picks the task store. Redis whenever it is configured (`auto`) or asked for; memory only where
 * this is the one instance: on App Service (`WEBSITE_INSTANCE_ID`) the balancer may send a
 * `tasks/get` to another instance, which would not know the task, so tasks are then off.
 */
export function chooseTaskBackend(
  env: TasksEnvironment,
  redisConfigured: boolean,
  instance: InstanceInfo,
): TaskBackendChoice {
  const scaledOut = instance.instanceId !== 'local';
  switch (env.TASKS_BACKEND) {
    case 'off':
      return { backend: 'off', reason: 'TASKS_BACKEND=off' };
    case 'redis':
      return redisConfigured
        ? { backend: 'redis', reason: 'TASKS_BACKEND=redis' }
        : { backend: 'off', reason: 'TASKS_BACKEND=redis without REDIS_URL' };
    default:
      if (redisConfigured && env.TASKS_BACKEND === 'auto')
        return { backend: 'redis', reason: 'REDIS_URL is set' };
      return scaledOut
        ? {
            backend: 'off',
            reason:
              'App Service without Redis: another instance could not answer for a task',
          }
        : { backend: 'memory', reason: 'single instance, no Redis' };
  }
}

/** Builds the chosen store; null when tasks are off. */
export async function createTaskStore(
  choice: TaskBackendChoice,
  redisEnv: RedisEnvironment,
  redis: RedisConnectionFactory,
): Promise<TaskStore | null> {
  const logger = new Logger('Tasks');
  if (choice.backend === 'off') {
    logger.log(`Tasks are off (${choice.reason})`);
    return null;
  }
  logger.log(`Tasks on the ${choice.backend} store (${choice.reason})`);
  if (choice.backend === 'memory') return new MemoryTaskStore();
  const [commands, signals] = await Promise.all([
    redis.connect('tasks'),
    redis.connect('tasks-signal'),
  ]);
  return new RedisTaskStore(commands, signals, redisEnv.REDIS_KEY_PREFIX);
}
