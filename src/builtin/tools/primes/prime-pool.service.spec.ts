import { describe, expect, it } from '@jest/globals';
import { waitFor } from '../../../../test/support/wait-for.js';
import { BuiltinToolsEnvironment } from '../builtin-tools.env.js';
import { PoolBusyError, PrimePool } from './prime-pool.service.js';

/** A pool whose synchronous cap is 10^8 unless `syncMax` says otherwise: counts above it are long jobs. */
function pool(
  workers: number,
  queue: number,
  syncMax = 100_000_000,
): PrimePool {
  return new PrimePool(
    Object.assign(new BuiltinToolsEnvironment(), {
      PRIMES_WORKERS: workers,
      PRIMES_QUEUE_LIMIT: queue,
      COMPUTE_PRIMES_MAX: syncMax,
    }),
  );
}

/** Starts a long count and records its progress reports. */
function long(sut: PrimePool, limit: number) {
  const controller = new AbortController();
  const progress: [number, number][] = [];
  const result = sut.count(limit, controller.signal, (done, total) =>
    progress.push([done, total]),
  );
  result.catch(() => undefined); // observed by the test when it matters
  return { result, progress, abort: () => controller.abort() };
}

/** Waits until a long job has reported progress `count` times. */
const progressed = (
  job: ReturnType<typeof long>,
  count: number,
  which = 'the long job',
) =>
  waitFor(() => job.progress.length >= count, {
    what: `${count} progress report(s) from ${which}`,
  });

describe(PrimePool.name, () => {
  it('counts on workers, queueing beyond the pool size', async () => {
    const sut = pool(1, 10);
    try {
      await expect(
        Promise.all([sut.count(100), sut.count(5000), sut.count(20000)]),
      ).resolves.toEqual([25, 669, 2262]);
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('fails fast with PoolBusyError when the queue is full', async () => {
    const sut = pool(1, 0);
    try {
      const running = sut.count(50_000_000);
      await expect(sut.count(10)).rejects.toBeInstanceOf(PoolBusyError);
      await running;
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it("terminates a cancelled job's worker and keeps serving", async () => {
    const sut = pool(1, 10);
    try {
      const controller = new AbortController();
      const running = sut.count(100_000_000, controller.signal);
      // The job is on the worker now (count hands it over at once): cancel it there.
      controller.abort();
      await expect(running).rejects.toThrow('prime worker exited');
      await expect(sut.count(100)).resolves.toBe(25);
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('refuses a limit that is not a safe non-negative integer', async () => {
    const sut = pool(1, 10);
    try {
      for (const limit of [-1, 1.5, Number.NaN, 2 ** 53])
        await expect(sut.count(limit)).rejects.toBeInstanceOf(RangeError);
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('counts a long job exactly, reporting progress up to the limit', async () => {
    const sut = pool(2, 10, 1000);
    try {
      // Long enough (about a second of sieving) for progress every 250 ms to report more than once.
      const job = long(sut, 2_000_000_000);
      await expect(job.result).resolves.toBe(98_222_287);
      expect(job.progress.at(-1)).toEqual([2_000_000_000, 2_000_000_000]);
      expect(job.progress.length).toBeGreaterThan(1);
      expect(job.progress.every(([, total]) => total === 2_000_000_000)).toBe(
        true,
      );
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('stops a long job promptly on abort and keeps serving', async () => {
    const sut = pool(1, 10, 1000);
    try {
      const job = long(sut, 100_000_000_000);
      await progressed(job, 1);
      const aborted = Date.now();
      job.abort();
      await expect(job.result).rejects.toThrow();
      expect(Date.now() - aborted).toBeLessThan(500);
      const done = job.progress.length;
      // Another job through the pool's one worker slot: the stopped one reported nothing since.
      await expect(sut.count(100)).resolves.toBe(25);
      expect(job.progress.length).toBe(done);
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('runs long jobs on at most half the pool while short ones keep going', async () => {
    const sut = pool(2, 10, 1000);
    try {
      const first = long(sut, 100_000_000_000);
      const second = long(sut, 100_000_000_000);
      await progressed(first, 2, 'the first long job');
      await expect(sut.count(100)).resolves.toBe(25);
      expect(second.progress).toEqual([]); // queued behind the first
      first.abort();
      await progressed(second, 1, 'the second long job');
      second.abort();
      await expect(second.result).rejects.toThrow();
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('gives short jobs a thread of their own on a one-worker pool running a long job', async () => {
    const sut = pool(1, 0, 1000);
    try {
      const job = long(sut, 100_000_000_000);
      await progressed(job, 1);
      await expect(sut.count(100)).resolves.toBe(25);
      // Another long job finds its single slot taken and no room in its queue.
      await expect(sut.count(2000)).rejects.toBeInstanceOf(PoolBusyError);
      job.abort();
      await expect(job.result).rejects.toThrow();
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('drops a queued long job when it is aborted', async () => {
    const sut = pool(1, 10, 1000);
    try {
      const first = long(sut, 100_000_000_000);
      const second = long(sut, 100_000_000_000);
      second.abort();
      await expect(second.result).rejects.toThrow('cancelled');
      first.abort();
      await expect(first.result).rejects.toThrow();
    } finally {
      await sut.onModuleDestroy();
    }
  });

  it('resumes a long job from a checkpoint it reported, to the exact count', async () => {
    const sut = pool(1, 10, 1000);
    try {
      const limit = 200_000_000;
      const checkpoints: { done: number; count: number }[] = [];
      await expect(
        sut.count(limit, undefined, (done, _t, count) =>
          checkpoints.push({ done, count }),
        ),
      ).resolves.toBe(11_078_937);
      // Any checkpoint is a valid place to start again (on a fast machine there may be only the
      // last one, at the limit: then the count is the checkpoint's own).
      for (const from of [checkpoints[0], checkpoints.at(-1)!]) {
        const seen: number[] = [];
        await expect(
          sut.count(limit, undefined, (done) => seen.push(done), from),
        ).resolves.toBe(11_078_937);
        for (const done of seen) expect(done).toBeGreaterThan(from.done);
      }
    } finally {
      await sut.onModuleDestroy();
    }
  });
});
