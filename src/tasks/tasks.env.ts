import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { EnvInt } from '../config/env-transforms.js';

/** Configuration of the tasks extension (SEP-2663). */
export class TasksEnvironment {
  /**
   * `auto` (default): Redis when `REDIS_URL` is set, else memory on a single instance, else off
   * (on App Service without Redis, where another instance could not answer for a task). `redis`,
   * `memory` or `off` force a choice; `memory` is still refused on App Service.
   */
  @IsOptional()
  @IsIn(['auto', 'redis', 'memory', 'off'])
  TASKS_BACKEND: 'auto' | 'redis' | 'memory' | 'off' = 'auto';

  /** How long a task can be read after its creation (`ttlMs`), in ms; default one hour. */
  @EnvInt() @IsInt() @Min(10_000) @Max(7 * 86_400_000) TASKS_TTL_MS = 3_600_000;

  /** Poll interval suggested to clients (`pollIntervalMs`), in ms. */
  @EnvInt() @IsInt() @Min(100) @Max(60_000) TASKS_POLL_INTERVAL_MS = 1_000;

  /** Tasks one instance runs at once; beyond, creation answers a retryable error. */
  @EnvInt() @IsInt() @Min(1) @Max(100_000) TASKS_MAX_ACTIVE = 256;

  /** Largest `inputResponses` of one `tasks/update`, in bytes of JSON. */
  @EnvInt() @IsInt() @Min(1_024) @Max(4 * 1_048_576) TASKS_MAX_INPUT_BYTES =
    262_144;

  /** Lease an owner holds on its running tasks, in ms; renewed every third of it. */
  @EnvInt() @IsInt() @Min(1_000) @Max(600_000) TASKS_LEASE_MS = 15_000;
}
