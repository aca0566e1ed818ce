import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '../readiness/readiness.registry.js';
import {
  TaskExecutor,
  type QueueCounts,
  type RunningTask,
} from './task-executor.interface.js';
import type { TaskBackendChoice } from './task-store.factory.js';
import { TaskStore } from './task-store.interface.js';
import { TASK_BACKEND } from './tasks.tokens.js';

/** How tasks run here, for `/readyz` and the status page. */
export interface TasksStatusReport {
  /** `redis`, `memory` or `off`. */
  readonly store: string;
  /** Why this store (or why off). */
  readonly reason: string;
  /** Task runs on this instance now. */
  readonly active: number;
  /** `in-process`, `bullmq` or the `kind` of the application's own executor, when tasks are on. */
  readonly executor?: string;
  /** The shared queue's counts, at most a few seconds old (never read per probe). */
  readonly queue?: QueueCounts;
  /** Longest event-loop pause since boot, ms (task locks are renewed on the event loop). */
  readonly eventLoopWorstMs?: number;
}

/**
 * Reports whether tasks are on, on which store and executor, what runs here and what waits in the
 * queue; makes a Redis task store part of readiness: an instance that cannot reach it answers task
 * polls with "retry" and should not take new traffic.
 */
@Injectable()
export class TasksStatus implements OnModuleInit {
  constructor(
    @Inject(TASK_BACKEND) private readonly choice: TaskBackendChoice,
    @Inject(TaskStore) private readonly store: TaskStore | null,
    @Inject(TaskExecutor) private readonly executor: TaskExecutor | null,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.describe('tasks', () => ({ ...this.report() }));
    const store = this.store;
    if (store?.ping)
      this.readiness.register('tasks-store', () => store.ping!());
  }

  report(): TasksStatusReport {
    const base = { store: this.choice.backend, reason: this.choice.reason };
    if (!this.executor) return { ...base, active: 0 };
    const { executor, active, queue, eventLoopWorstMs } =
      this.executor.report();
    return { ...base, active, executor, queue, eventLoopWorstMs };
  }

  /** The task runs on this instance (the status page lists them; never their ids). */
  running(): readonly RunningTask[] {
    return this.executor?.report().running ?? [];
  }
}
