import { IsInt, Max, Min } from 'class-validator';
import { EnvInt } from '../../config/index.js';

/** Limits of the built-in tools. */
export class BuiltinToolsEnvironment {
  /** Largest `limit` compute_primes accepts; larger ones are capped (seed: 50000). */
  @EnvInt() @IsInt() @Min(2) @Max(100_000_000) COMPUTE_PRIMES_MAX = 50_000;

  /**
   * Largest `limit` compute_primes accepts when it runs as a task (SEP-2663); counts above
   * COMPUTE_PRIMES_MAX use the segmented sieve. 10^11 takes minutes on one core.
   */
  @EnvInt()
  @IsInt()
  @Min(2)
  @Max(1_000_000_000_000)
  COMPUTE_PRIMES_TASK_MAX = 100_000_000_000;

  /** Worker threads counting primes; 0 = one per core. */
  @EnvInt() @IsInt() @Min(0) @Max(64) PRIMES_WORKERS = 0;

  /** Jobs allowed to wait for a worker before compute_primes answers "busy, retry". */
  @EnvInt() @IsInt() @Min(0) @Max(100_000) PRIMES_QUEUE_LIMIT = 256;
}
