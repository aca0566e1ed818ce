// Tasks (SEP-2663): the time from creating a trivial task to the first tasks/get that shows it
// completed, on one instance with tasks in memory, on one with Redis (BullMQ) and on three sharing
// Redis; p50 and p99 per setup (`npm run bench -- --only tasks`, or `node scripts/bench/tasks.mjs`).
// Latency rows only: tasks are polled, so what they cost is the wait, not CPU per call.
import { run } from './tasks.mjs';

const SETUPS = [
  ['tasks-memory', '1 instance, memory'],
  ['tasks-redis-1', '1 instance, Redis'],
  ['tasks-redis-3', '3 instances, Redis'],
];

/** @type {import('./targets.mjs').Bench} */
export default {
  name: 'tasks',
  measures:
    'create → completed record of a trivial task (p50, p99): one instance in memory, one and three on Redis (BullMQ)',
  needs: 'Redis (REDIS_URL, default redis://127.0.0.1:6379)',
  async round(ctx) {
    const { setups } = await run({ log: ctx.progress, track: ctx.track });
    for (const s of setups)
      ctx.record({
        id: s.id,
        label: `task create → completed, ${s.name}`,
        p50: s.p50,
        p99: s.p99,
      });
  },
  figures: SETUPS.flatMap(([id, name]) =>
    ['p50', 'p99'].map((key) => ({
      name: `task create → completed ${key}, ${name}`,
      unit: 'ms',
      measure: (results) => {
        const row = results.median(id);
        return row?.[key] === undefined ? undefined : { value: row[key] };
      },
    })),
  ),
};
