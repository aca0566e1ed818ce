import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { envConfigProvider } from '../config/env-config.provider.js';
import { ReadinessModule } from '../readiness/readiness.module.js';
import { InstanceInfo } from '../instance/instance-info.js';
import { InstanceModule } from '../instance/instance.module.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { RedisConnectionFactory } from '../redis/redis-connection.factory.js';
import { RedisEnvironment } from '../redis/redis.env.js';
import { RedisModule } from '../redis/redis.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import {
  chooseTaskBackend,
  createTaskStore,
  type TaskBackendChoice,
} from './task-store.factory.js';
import { TaskStore } from './task-store.interface.js';
import { TaskRunner } from './task.runner.js';
import { TaskTelemetry } from './task.telemetry.js';
import { TASK_BACKEND, TASK_OWNER } from './tasks.tokens.js';
import { TasksEnvironment } from './tasks.env.js';
import { TasksMethods } from './tasks.methods.js';
import { TasksStatus } from './tasks-status.js';

/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663): long tool calls answered at once
 * with a task that any instance can report on. Import it beside the tools module; tools opt in
 * with `taskSupport` in `@McpTool`.
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
    envConfigProvider(TasksEnvironment),
    {
      provide: TASK_BACKEND,
      inject: [TasksEnvironment, RedisConnectionFactory, InstanceInfo],
      useFactory: (
        env: TasksEnvironment,
        redis: RedisConnectionFactory,
        instance: InstanceInfo,
      ) => chooseTaskBackend(env, redis.configured, instance),
    },
    {
      provide: TaskStore,
      inject: [
        TASK_BACKEND,
        TasksEnvironment,
        RedisEnvironment,
        RedisConnectionFactory,
      ],
      useFactory: createTaskStore,
    },
    {
      // Unique per process: several processes may share an instance id (and `local` in tests).
      provide: TASK_OWNER,
      inject: [InstanceInfo],
      useFactory: (instance: InstanceInfo) =>
        `${instance.instanceId}/${instance.hostname}/${instance.pid}/${randomBytes(3).toString('hex')}`,
    },
    TaskTelemetry,
    TaskRunner,
    TasksMethods,
    TasksStatus,
  ],
  exports: [TasksStatus],
})
export class TasksModule {}

export type { TaskBackendChoice };
