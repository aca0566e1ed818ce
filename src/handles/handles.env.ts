import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { EnvInt, EnvList } from '../config/env-transforms.js';
import { RequiredInProduction } from '../config/required-in-production.js';

/** `kid:base64key`, the key at least 32 bytes once decoded (checked when the keys are loaded). */
/**
 * What `HANDLE_SIGNING_KEYS` expects, as a boot error says it (never the value). 32 bytes: HS256
 * keys must be at least as long as the hash (RFC 7518 §3.2), checked by `SigningKeyRing`.
 */
export const SIGNING_KEYS_EXPECTED =
  'HANDLE_SIGNING_KEYS entries are kid:base64 with ≥ 32-byte keys, comma-separated';

const SIGNING_KEY = /^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Where handle state lives (spec.md §3: explicit handles replace sessions). `signed` needs no
 * infrastructure: the state travels inside a signed token. `redis` keeps it server-side.
 */
export class HandlesEnvironment {
  @IsOptional() @IsIn(['signed', 'redis']) HANDLE_BACKEND: 'signed' | 'redis' =
    'signed';

  /**
   * Comma-separated `kid:base64key` (each key ≥ 32 bytes). The first signs, all verify, so a new key
   * goes first and the old one stays until its handles have expired. Also seals MRTR requestState.
   */
  @RequiredInProduction()
  @IsOptional()
  @EnvList()
  @Matches(SIGNING_KEY, { each: true, message: SIGNING_KEYS_EXPECTED })
  HANDLE_SIGNING_KEYS: string[] = [];

  /** Lifetime of a handle after its last use, in seconds (default one day). */
  @EnvInt() @IsInt() @Min(60) @Max(30 * 86_400) HANDLE_TTL_SECONDS = 86_400;

  /** `redis://` or `rediss://` (TLS; Azure Managed Redis listens on 10000). Required with `redis`. */
  @ValidateIf(
    (env: HandlesEnvironment) =>
      env.HANDLE_BACKEND === 'redis' || !!env.REDIS_URL,
  )
  @Matches(/^rediss?:\/\/\S+$/, {
    message: (a) =>
      a.value === undefined
        ? 'REDIS_URL is required when HANDLE_BACKEND=redis'
        : 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL?: string;

  /** Prefix of every key this deployment writes, so deployments (and test runs) never collide. */
  @IsOptional() @IsString() REDIS_KEY_PREFIX = 'mcp:';

  /** `password` (whatever the URL carries, or nothing) or `entra` (Microsoft Entra ID tokens). */
  @IsOptional() @IsIn(['password', 'entra']) REDIS_AUTH: 'password' | 'entra' =
    'password';

  /** With `entra`: the Redis user, i.e. the object (principal) id of the app's managed identity. */
  @ValidateIf(
    (env: HandlesEnvironment) =>
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
