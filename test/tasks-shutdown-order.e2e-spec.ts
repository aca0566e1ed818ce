import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TaskStore } from '../src/tasks/task-store.interface.js';
import type { TaskRecord } from '../src/tasks/task.types.js';
import { startApp } from './support/mcp-app.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import { waitFor } from './support/wait-for.js';
import { requireTool } from './support/system-tools.js';
import { createTask, tasksOn } from './support/tasks.js';

/** What a team's module saw of the task when its own onModuleDestroy ran. */
const seen: { task?: TaskRecord; taskId?: string } = {};

@Injectable()
class TeamService implements OnModuleDestroy {
  constructor(private readonly refs: ModuleRef) {}

  async onModuleDestroy(): Promise<void> {
    const store = this.refs.get<TaskStore>(TaskStore, { strict: false });
    if (seen.taskId) seen.task = await store.get(seen.taskId);
  }
}

/** A team's module: imported beside the built-in tools, destroyed before the tasks module. */
@Module({ providers: [TeamService] })
class TeamModule {}

const withRedis = requireTool('redis', 'the BullMQ hand-over on app.close()');

// The hand-over runs when the application starts to close, before any module is destroyed: the
// primes pool and Redis are still there, and a team's own onModuleDestroy already sees the task
// handed over (or, without Redis, failed) instead of ended by a dying pool.
for (const backend of ['memory', 'redis'] as const)
  (backend === 'redis' ? withRedis : describe)(
    `shutdown order on the ${backend} store`,
    () => {
      const prefix = uniquePrefix(`tasks-order-${backend}`);
      beforeAll(async () => {
        if (backend === 'redis') await ensureSharedRedis();
      });
      afterAll(async () => {
        if (backend === 'redis') await deleteKeys(prefix);
      });

      it('hands the running task over (or fails it) before the team’s onModuleDestroy runs', async () => {
        const t = await startApp(
          {
            COMPUTE_PRIMES_MAX: '50000',
            ...(backend === 'redis'
              ? { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix }
              : {}),
          },
          [TeamModule],
        );
        const { taskId } = await createTask(t.server, 'compute_primes', {
          limit: 100_000_000_000,
        });
        seen.taskId = taskId;
        await waitFor(async () => (await tasksOn(t.baseUrl)).active === 1, {
          what: 'the task running',
        });
        await t.close();
        if (backend === 'memory') {
          expect(seen.task).toMatchObject({
            status: 'failed',
            error: {
              code: -32603,
              message: expect.stringMatching(/shut down before it finished/),
            },
          });
        } else {
          // Back in the queue for another instance, from its checkpoint.
          expect(seen.task).toMatchObject({
            status: 'working',
            attempt: 1,
            statusMessage: expect.stringMatching(/^Handed over/),
          });
        }
        expect(JSON.stringify(seen.task)).not.toMatch(/busy counting primes/);
      });
    },
  );
