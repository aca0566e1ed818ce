import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DrainHooks } from '../lifecycle/drain.hooks.js';
import { LocalTaskRunner } from './local-task.runner.js';
import { TaskExecutor } from './task-executor.interface.js';
import { TaskStore } from './task-store.interface.js';

/**
 * When tasks start and stop here: the executor takes work once the application is up; its
 * hand-over is a drain hook, so it runs on SIGTERM and before any module is destroyed (the
 * tools' pools and Redis still there); the executor and the store close last.
 */
@Injectable()
export class TasksLifecycle
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  constructor(
    @Inject(TaskExecutor) private readonly executor: TaskExecutor | null,
    @Inject(TaskStore) private readonly store: TaskStore | null,
    private readonly drain: DrainHooks,
    private readonly runner: LocalTaskRunner,
  ) {}

  onModuleInit(): void {
    const executor = this.executor;
    if (executor) this.drain.register('tasks', () => executor.drain());
  }

  onApplicationBootstrap(): void {
    this.executor?.start(this.runner);
  }

  async onModuleDestroy(): Promise<void> {
    // Done already on SIGTERM and app.close(); a standalone context without HTTP gets it here.
    await this.drain.run();
    await this.executor?.close();
    this.runner.close();
    await this.store?.close();
  }
}
