import { describe, expect, it } from '@jest/globals';
import type { AccessToken, TokenCredential } from '@azure/identity';
import {
  EntraRedisCredential,
  REDIS_ENTRA_SCOPE,
} from './entra-redis.credential.js';

describe(EntraRedisCredential.name, () => {
  it('asks Entra ID for a Redis data-plane token', async () => {
    const scopes: unknown[] = [];
    const azure: TokenCredential = {
      getToken: async (scope): Promise<AccessToken> => {
        scopes.push(scope);
        return { token: 'eyJ.token', expiresOnTimestamp: 1_900_000_000_000 };
      },
    };
    const token = await new EntraRedisCredential(undefined, azure).getToken();
    expect(scopes).toEqual([REDIS_ENTRA_SCOPE]);
    expect(REDIS_ENTRA_SCOPE).toBe('https://redis.azure.com/.default');
    expect(token).toEqual({
      token: 'eyJ.token',
      expiresOnTimestamp: 1_900_000_000_000,
    });
  });

  it('fails loudly when no token comes back', async () => {
    const azure: TokenCredential = { getToken: async () => null };
    await expect(
      new EntraRedisCredential(undefined, azure).getToken(),
    ).rejects.toThrow(/no token/);
  });
});
