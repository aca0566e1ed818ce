import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { McpSettings } from '../mcp/mcp-settings.js';
import { settingsProvider } from '../mcp/settings.provider.js';
import { ReadinessModule } from '../readiness/readiness.module.js';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import { InstanceInfo } from '../instance/instance-info.js';
import { InstanceModule } from '../instance/instance.module.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { RedisConnectionFactory } from '../redis/redis-connection.factory.js';
import { RedisEnvironment } from '../redis/redis.env.js';
import { RedisModule } from '../redis/redis.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import {
  createTaskExecutor,
  pluggedTaskExecutor,
} from './task-executor.factory.js';
import { LocalTaskRunner } from './local-task.runner.js';
import { TaskExecutor } from './task-executor.interface.js';
import { TaskRounds } from './task-rounds.js';
import {
  chooseTaskBackend,
  createTaskStore,
  type TaskBackendChoice,
} from './task-store.factory.js';
import { TaskStore } from './task-store.interface.js';
import { TaskStarter } from './task.starter.js';
import { TaskTelemetry } from './task.telemetry.js';
import { TASK_BACKEND, TASK_OWNER } from './tasks.tokens.js';
import { TasksEnvironment } from './tasks.env.js';
import { TasksLifecycle } from './tasks.lifecycle.js';
import { TasksMethods } from './tasks.methods.js';
import { TasksStatus } from './tasks-status.js';

/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663): long tool calls answered at once
 * with a task that any instance can report on. Two parts behind tokens, each the application's own
 * when `McpModule`'s options plug one in: the `TaskStore` (the records `tasks/get` reads) and the
 * `TaskExecutor` (where the tools run: in process, or on BullMQ across instances). Tools opt in
 * with `taskSupport` (and `rerun`) in `@McpTool`.
 */
@Module({
  imports: [
    InstanceModule,
    LifecycleModule,
    ReadinessModule,
    RedisModule,
    ProtocolModule,
    ToolsModule,
  ],
  providers: [
    settingsProvider(TasksEnvironment),
    {
      provide: TASK_BACKEND,
      inject: [
        McpSettings,
        TasksEnvironment,
        RedisConnectionFactory,
        InstanceInfo,
      ],
      useFactory: (
        settings: McpSettings,
        env: TasksEnvironment,
        redis: RedisConnectionFactory,
        instance: InstanceInfo,
      ): TaskBackendChoice =>
        settings.taskStore
          ? {
              backend: settings.taskStore.kind,
              reason: "the application's own store (tasks.store)",
            }
          : chooseTaskBackend(env, redis.configured, instance),
    },
    {
      provide: TaskStore,
      inject: [
        McpSettings,
        TASK_BACKEND,
        RedisEnvironment,
        RedisConnectionFactory,
      ],
      // The application's own store (`tasks.store` of `McpModule`), else the built-in one chosen.
      useFactory: (
        settings: McpSettings,
        ...builtIn: Parameters<typeof createTaskStore>
      ) => settings.taskStore ?? createTaskStore(...builtIn),
    },
    {
      // Unique per process: several processes may share an instance id (and `local` in tests).
      provide: TASK_OWNER,
      inject: [InstanceInfo],
      useFactory: (instance: InstanceInfo) =>
        `${instance.instanceId}/${instance.hostname}/${instance.pid}/${randomBytes(3).toString('hex')}`,
    },
    TaskTelemetry,
    TaskRounds,
    TaskStarter,
    LocalTaskRunner,
    {
      provide: TaskExecutor,
      inject: [
        McpSettings,
        TASK_BACKEND,
        TaskStore,
        TaskStarter,
        TasksEnvironment,
        RedisEnvironment,
        RedisConnectionFactory,
        InstanceInfo,
        ReadinessRegistry,
      ],
      // The application's own executor (`tasks.executor`), else the built-in one for the store.
      useFactory: (
        settings: McpSettings,
        choice: TaskBackendChoice,
        store: TaskStore | null,
        starter: TaskStarter,
        env: TasksEnvironment,
        redisEnv: RedisEnvironment,
        redis: RedisConnectionFactory,
        instance: InstanceInfo,
        readiness: ReadinessRegistry,
      ) =>
        settings.taskExecutor
          ? pluggedTaskExecutor(settings.taskExecutor, choice)
          : createTaskExecutor({
              choice,
              store,
              starter,
              env,
              redisEnv,
              redis,
              instance,
              readiness,
            }),
    },
    TasksLifecycle,
    TasksMethods,
    TasksStatus,
  ],
  exports: [TasksStatus],
})
export class TasksModule {}

export type { TaskBackendChoice };
