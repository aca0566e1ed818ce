import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
} from 'class-validator';
import { RequiredInProduction } from '../config/required-in-production.js';

/**
 * How the deployment reaches Redis: where it is, how it authenticates, and the prefix of its keys.
 * Whether a feature needs Redis at all is that feature's setting (e.g. `HANDLE_BACKEND=redis`).
 */
export class RedisEnvironment {
  /** `redis://` or `rediss://` (TLS; Azure Managed Redis listens on 10000). */
  @ValidateIf((env: RedisEnvironment) => !!env.REDIS_URL)
  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL?: string;

  /** Prefix of every key this deployment writes, so deployments (and test runs) never collide. */
  @IsOptional() @IsString() REDIS_KEY_PREFIX = 'mcp:';

  /** `password` (whatever the URL carries, or nothing) or `entra` (Microsoft Entra ID tokens). */
  @IsOptional() @IsIn(['password', 'entra']) REDIS_AUTH: 'password' | 'entra' =
    'password';

  /** With `entra`: the Redis user, i.e. the object (principal) id of the app's managed identity. */
  @ValidateIf(
    (env: RedisEnvironment) =>
      env.REDIS_AUTH === 'entra' || !!env.REDIS_USERNAME,
  )
  @IsString()
  REDIS_USERNAME?: string;

  /** With `entra`: client id of the user-assigned managed identity (`DefaultAzureCredential`). */
  @RequiredInProduction({ REDIS_AUTH: 'entra' })
  @IsOptional()
  @IsString()
  AZURE_CLIENT_ID?: string;
}
