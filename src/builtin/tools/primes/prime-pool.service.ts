import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BuiltinToolsEnvironment } from '../builtin-tools.env.js';
import { countPrimesSegmented } from './count-primes-segmented.js';
import { countPrimes } from './count-primes.js';

/** The pool's queue is full: the caller should retry later. */
export class PoolBusyError extends Error {
  override readonly name = 'PoolBusyError';
}

/**
 * Receives how far a long count has got: numbers sieved so far, out of `total` (the limit), and the
 * primes among them. (`done`, `count`) before the end is a checkpoint `count` can resume from.
 */
export type PrimeProgress = (
  done: number,
  total: number,
  count: number,
) => void;

/** Where a resumed long count starts: a checkpoint an earlier count reported. */
export interface PrimeCheckpoint {
  readonly done: number;
  readonly count: number;
}

interface Job {
  readonly limit: number;
  /** Above the synchronous cap: runs the segmented sieve, on a limited share of the workers. */
  readonly long: boolean;
  readonly onProgress?: PrimeProgress;
  readonly from?: PrimeCheckpoint;
  resolve(count: number): void;
  reject(err: Error): void;
}

/** How often a long count reports progress. */
export const PROGRESS_EVERY_MS = 250;

/** A message from a worker: progress of the running job, or its count. */
type WorkerMessage =
  { done: number; total: number; sofar: number } | { count: number };

// The worker evaluates the sieves' own source, so no separate file has to be found at run time
// (it works the same from src/ under ts-jest and from dist/). Short jobs keep the plain sieve
// (the synchronous path is unchanged); long ones use the segmented sieve, whose memory stays
// bounded whatever the limit.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const countPrimes = ${countPrimes.toString()};
const countPrimesSegmented = ${countPrimesSegmented.toString()};
parentPort.on('message', ({ limit, long, progress, from }) => {
  const report = progress
    ? (done, total, sofar) => parentPort.postMessage({ done, total, sofar })
    : undefined;
  const count = long
    ? countPrimesSegmented(limit, report, ${PROGRESS_EVERY_MS}, from)
    : countPrimes(limit);
  parentPort.postMessage({ count });
});
`;

/**
 * Counts primes on worker threads so the event loop keeps serving other requests (whoami latency
 * stays flat under compute_primes load). One job per worker at a time; a bounded queue in front,
 * and a full queue fails fast instead of queuing without bound.
 *
 * Jobs above `COMPUTE_PRIMES_MAX` are long (minutes at 10^11): at most half the pool (at least
 * one worker) runs them, and they wait in a queue of their own, so short calls are never stuck
 * behind them. Short jobs always have a worker that no long job holds: on a one-worker pool that
 * means one extra thread while a long job runs.
 */
@Injectable()
export class PrimePool implements OnModuleDestroy {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private readonly longQueue: Job[] = [];
  private readonly size: number;
  private readonly longSlots: number;
  private readonly queueLimit: number;
  private readonly syncMax: number;
  private longRunning = 0;
  private closed = false;

  constructor(env: BuiltinToolsEnvironment) {
    this.size = env.PRIMES_WORKERS || availableParallelism();
    this.longSlots = Math.max(1, Math.floor(this.size / 2));
    this.queueLimit = env.PRIMES_QUEUE_LIMIT;
    this.syncMax = env.COMPUTE_PRIMES_MAX;
  }

  /**
   * Counts primes <= limit on a worker. A limit above `COMPUTE_PRIMES_MAX` is a long job (see the
   * class comment): it reports progress to `onProgress` about every 250 ms, and starts from
   * `from`, a checkpoint of an earlier count of the same limit, when given. Aborting `signal`
   * drops a queued job, or terminates the worker running it (a sieve cannot be interrupted
   * otherwise) and replaces it.
   * @throws PoolBusyError when no worker is free for the job and its queue is full.
   * @throws RangeError when `limit` is not a safe non-negative integer.
   */
  count(
    limit: number,
    signal?: AbortSignal,
    onProgress?: PrimeProgress,
    from?: PrimeCheckpoint,
  ): Promise<number> {
    if (this.closed) return Promise.reject(new PoolBusyError('shutting down'));
    if (!Number.isSafeInteger(limit) || limit < 0)
      return Promise.reject(new RangeError(`Bad prime limit ${limit}`));
    if (signal?.aborted) return Promise.reject(new Error('cancelled'));
    return new Promise((resolve, reject) => {
      const long = limit > this.syncMax;
      const job: Job = { limit, long, onProgress, from, resolve, reject };
      const worker = this.workerFor(job);
      const queue = long ? this.longQueue : this.queue;
      if (worker) this.run(worker, job);
      else if (queue.length < this.queueLimit) queue.push(job);
      else return reject(new PoolBusyError('queue full'));
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue.splice(0), ...this.longQueue.splice(0)])
      job.reject(new PoolBusyError('shutting down'));
    await Promise.all(
      [...this.idle, ...this.busy.keys()].map((w) => w.terminate()),
    );
  }

  /** A worker that may take `job` now (idle or newly spawned), or undefined if it must wait. */
  private workerFor(job: Job): Worker | undefined {
    if (job.long && this.longRunning >= this.longSlots) return undefined;
    // Short jobs may always use one thread beyond those long jobs hold.
    const cap = job.long
      ? this.size
      : Math.max(this.size, this.longRunning + 1);
    return (
      this.idle.pop() ??
      (this.idle.length + this.busy.size < cap ? this.spawn() : undefined)
    );
  }

  private cancel(job: Job): void {
    for (const queue of [this.queue, this.longQueue]) {
      const queued = queue.indexOf(job);
      if (queued >= 0) {
        queue.splice(queued, 1);
        job.reject(new Error('cancelled'));
        return;
      }
    }
    for (const [worker, running] of this.busy)
      if (running === job) void worker.terminate();
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      if ('count' in message)
        this.finish(worker, (job) => job.resolve(message.count));
      else
        this.busy
          .get(worker)
          ?.onProgress?.(message.done, message.total, message.sofar);
    });
    worker.on('error', (err) =>
      this.finish(worker, (job) => job.reject(err), true),
    );
    worker.on('exit', () =>
      this.finish(
        worker,
        (job) => job.reject(new Error('prime worker exited')),
        true,
      ),
    );
    return worker;
  }

  private run(worker: Worker, job: Job): void {
    this.busy.set(worker, job);
    if (job.long) this.longRunning++;
    worker.postMessage({
      limit: job.limit,
      long: job.long,
      progress: job.onProgress !== undefined,
      from: job.long ? job.from : undefined,
    });
  }

  private finish(
    worker: Worker,
    settle: (job: Job) => void,
    dead = false,
  ): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    if (job) {
      if (job.long) this.longRunning--;
      settle(job);
    }
    if (dead) {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    } else this.idle.push(worker);
    if (this.closed) return;
    this.drain();
    // A thread spawned beyond the pool's size (for a short job while long ones ran) is not kept.
    while (
      this.idle.length > 0 &&
      this.idle.length + this.busy.size > this.size
    )
      void this.idle.pop()!.terminate();
  }

  /** Starts queued jobs while workers allow: short ones first, they are quick. */
  private drain(): void {
    for (const queue of [this.queue, this.longQueue]) {
      while (queue.length > 0) {
        const worker = this.workerFor(queue[0]);
        if (!worker) break;
        this.run(worker, queue.shift()!);
      }
    }
  }
}
