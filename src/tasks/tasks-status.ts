import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import { TaskRunner } from './task.runner.js';
import type { TaskBackendChoice } from './task-store.factory.js';
import { TaskStore } from './task-store.interface.js';
import { TASK_BACKEND } from './tasks.tokens.js';

/** How tasks run here, for `/readyz` and the status page. */
export interface TasksStatusReport {
  /** `redis`, `memory` or `off`. */
  readonly store: string;
  /** Why this store (or why off). */
  readonly reason: string;
  /** Tasks this instance is running now. */
  readonly active: number;
}

/**
 * Reports whether tasks are on and on which store, and makes a Redis task store part of
 * readiness: an instance that cannot reach it answers task polls with "retry" and should not take
 * new traffic.
 */
@Injectable()
export class TasksStatus implements OnModuleInit {
  constructor(
    @Inject(TASK_BACKEND) private readonly choice: TaskBackendChoice,
    @Inject(TaskStore) private readonly store: TaskStore | null,
    private readonly runner: TaskRunner,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.describe('tasks', () => ({ ...this.report() }));
    const store = this.store;
    if (store?.ping)
      this.readiness.register('tasks-store', () => store.ping!());
  }

  report(): TasksStatusReport {
    return {
      store: this.choice.backend,
      reason: this.choice.reason,
      active: this.runner.active,
    };
  }
}
