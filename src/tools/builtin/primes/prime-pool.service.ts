import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BuiltinToolsEnvironment } from '../builtin-tools.env.js';
import { countPrimes } from './count-primes.js';

/** The pool's queue is full: the caller should retry later. */
export class PoolBusyError extends Error {
  override readonly name = 'PoolBusyError';
}

interface Job {
  readonly limit: number;
  resolve(count: number): void;
  reject(err: Error): void;
}

// The worker evaluates the sieve's own source, so no separate file has to be found at run time
// (it works the same from src/ under ts-jest and from dist/).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const countPrimes = ${countPrimes.toString()};
parentPort.on('message', (limit) => parentPort.postMessage(countPrimes(limit)));
`;

/**
 * Counts primes on worker threads so the event loop keeps serving other requests (whoami latency
 * stays flat under compute_primes load). One job per worker at a time; a bounded queue in front,
 * and a full queue fails fast instead of queuing without bound.
 */
@Injectable()
export class PrimePool implements OnModuleDestroy {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private readonly size: number;
  private readonly queueLimit: number;
  private closed = false;

  constructor(env: BuiltinToolsEnvironment) {
    this.size = env.PRIMES_WORKERS || availableParallelism();
    this.queueLimit = env.PRIMES_QUEUE_LIMIT;
  }

  /**
   * Counts primes <= limit on a worker. Aborting `signal` drops a queued job, or terminates the
   * worker running it (a sieve cannot be interrupted otherwise) and replaces it.
   * @throws PoolBusyError when every worker is busy and the queue is full.
   */
  count(limit: number, signal?: AbortSignal): Promise<number> {
    if (this.closed) return Promise.reject(new PoolBusyError('shutting down'));
    return new Promise((resolve, reject) => {
      const job: Job = { limit, resolve, reject };
      const worker =
        this.idle.pop() ??
        (this.workerCount() < this.size ? this.spawn() : undefined);
      if (worker) this.run(worker, job);
      else if (this.queue.length < this.queueLimit) this.queue.push(job);
      else return reject(new PoolBusyError('queue full'));
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.reject(new PoolBusyError('shutting down'));
    await Promise.all(
      [...this.idle, ...this.busy.keys()].map((w) => w.terminate()),
    );
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(new Error('cancelled'));
      return;
    }
    for (const [worker, running] of this.busy)
      if (running === job) void worker.terminate();
  }

  private workerCount(): number {
    return this.idle.length + this.busy.size;
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (count: number) =>
      this.finish(worker, (job) => job.resolve(count)),
    );
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
    worker.postMessage(job.limit);
  }

  private finish(
    worker: Worker,
    settle: (job: Job) => void,
    dead = false,
  ): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    if (job) settle(job);
    if (dead) {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      if (this.closed) return;
    }
    const next = this.queue.shift();
    if (next) this.run(dead ? this.spawn() : worker, next);
    else if (!dead) this.idle.push(worker);
  }
}
