import {
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { EnvInt } from '../config/env-transforms.js';

/**
 * Where handle state lives (explicit handles replace sessions, SEP-2567). `signed` needs no
 * infrastructure: the state travels inside a signed token. `redis` keeps it server-side.
 */
export class HandlesEnvironment {
  @IsOptional() @IsIn(['signed', 'redis']) HANDLE_BACKEND: 'signed' | 'redis' =
    'signed';

  /** Lifetime of a handle after its last use, in seconds (default one day). */
  @EnvInt() @IsInt() @Min(60) @Max(30 * 86_400) HANDLE_TTL_SECONDS = 86_400;

  /**
   * Required with `redis`: the `redis` backend is refused without a usable URL. Read here only for
   * that rule; `RedisEnvironment` owns the setting and validates it whenever it is set.
   */
  @ValidateIf((env: HandlesEnvironment) => env.HANDLE_BACKEND === 'redis')
  @Matches(/^rediss?:\/\/\S+$/, {
    message: (a) =>
      a.value === undefined
        ? 'REDIS_URL is required when HANDLE_BACKEND=redis'
        : 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL?: string;
}
