import { describe, expect, it } from '@jest/globals';
import { BuiltinToolsEnvironment } from '../builtin-tools.env.js';
import { PoolBusyError, PrimePool } from './prime-pool.service.js';

function pool(workers: number, queue: number): PrimePool {
  return new PrimePool(
    Object.assign(new BuiltinToolsEnvironment(), {
      PRIMES_WORKERS: workers,
      PRIMES_QUEUE_LIMIT: queue,
    }),
  );
}

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
      setTimeout(() => controller.abort(), 20);
      await expect(running).rejects.toThrow();
      await expect(sut.count(100)).resolves.toBe(25);
    } finally {
      await sut.onModuleDestroy();
    }
  });
});
