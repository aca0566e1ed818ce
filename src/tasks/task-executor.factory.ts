import { Logger } from '@nestjs/common';
import { missingPeer } from '../common/optional-peer.js';
import { ConfigError } from '../config/validate-env.js';
import type { InstanceInfo } from '../instance/instance-info.js';
import type { ReadinessRegistry } from '../readiness/readiness.registry.js';
import type { RedisConnectionFactory } from '../redis/redis-connection.factory.js';
import type { RedisEnvironment } from '../redis/redis.env.js';
import { inOptionTerms } from '../mcp/mcp-options.check.js';
import { InProcessTaskExecutor } from './in-process/in-process-task.executor.js';
import type { TaskExecutor } from './task-executor.interface.js';
import type { TaskBackendChoice } from './task-store.factory.js';
import type { TaskStore } from './task-store.interface.js';
import type { TaskStarter } from './task.starter.js';
import type { TasksEnvironment } from './tasks.env.js';

/** Everything an executor may need; the factory picks what the chosen one uses. */
export interface TaskExecutorContext {
  readonly choice: TaskBackendChoice;
  readonly store: TaskStore | null;
  readonly starter: TaskStarter;
  readonly env: TasksEnvironment;
  readonly redisEnv: RedisEnvironment;
  readonly redis: RedisConnectionFactory;
  readonly instance: InstanceInfo;
  readonly readiness: ReadinessRegistry;
}

/**
 * The executor for the chosen store: on BullMQ beside the Redis store; in this process beside the
 * memory store or an application's own (`tasks.store`); null when tasks are off. BullMQ is loaded
 * here, and only here, when it is used.
 */
export async function createTaskExecutor(
  ctx: TaskExecutorContext,
): Promise<TaskExecutor | null> {
  const { choice, store } = ctx;
  if (!store || choice.backend === 'off') return null;
  if (choice.backend !== 'redis')
    return new InProcessTaskExecutor(
      store,
      ctx.starter,
      ctx.env,
      ctx.readiness,
    );
  const [{ BullmqTaskExecutor }, { TaskQueueKeys }] = await Promise.all([
    import('./bullmq/bullmq-task.executor.js').catch((err: unknown) => {
      throw missingPeer('bullmq', 'tasks on Redis (redis.url)', err);
    }),
    import('./bullmq/task-queue.keys.js'),
  ]);
  const [commands, queueConnection, workerConnection] = await Promise.all([
    ctx.redis.connect('tasks-index'),
    ctx.redis.connectForJobs('tasks-queue'),
    ctx.redis.connectForJobs('tasks-worker'),
  ]);
  const keys = new TaskQueueKeys(
    ctx.redisEnv.REDIS_KEY_PREFIX,
    ctx.instance.slotName,
  );
  new Logger('Tasks').log(
    `Tasks run on BullMQ, queue ${keys.prefix}:tasks (slot ${ctx.instance.slotName})`,
  );
  return new BullmqTaskExecutor({
    store,
    starter: ctx.starter,
    env: ctx.env,
    keys,
    commands,
    queueConnection,
    workerConnection,
  });
}

/**
 * The application's own executor (`tasks.executor`), beside whichever store was chosen: it runs
 * every task, and BullMQ is not loaded. It needs a store: where tasks are off, the boot stops
 * rather than ignore it.
 * @throws ConfigError when tasks are off.
 */
export function pluggedTaskExecutor(
  executor: TaskExecutor,
  choice: TaskBackendChoice,
): TaskExecutor {
  if (choice.backend === 'off')
    throw new ConfigError([
      `tasks.executor needs a task store, but tasks are off (${inOptionTerms(choice.reason)})`,
    ]);
  new Logger('Tasks').log(
    `Tasks run on the application's own executor (${executor.kind}) beside the ${choice.backend} store`,
  );
  return executor;
}
