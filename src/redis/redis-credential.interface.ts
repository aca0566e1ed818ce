/** An access token Redis accepts as the password of `REDIS_USERNAME`. */
export interface RedisAccessToken {
  readonly token: string;
  /** When it stops working, in ms since the epoch. */
  readonly expiresOnTimestamp: number;
}

/**
 * Source of Redis passwords that expire, such as Microsoft Entra ID tokens for Azure Managed Redis.
 * Pluggable so other identity providers (and tests) can supply their own.
 */
export interface RedisCredential {
  getToken(): Promise<RedisAccessToken>;
}

/** Injection token of the optional `RedisCredential` (bound when `REDIS_AUTH=entra`). */
export const RedisCredential = Symbol('RedisCredential');
