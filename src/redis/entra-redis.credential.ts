import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type {
  RedisAccessToken,
  RedisCredential,
} from './redis-credential.interface.js';

/** Scope of Azure Managed Redis (and Azure Cache for Redis) data-plane tokens. */
export const REDIS_ENTRA_SCOPE = 'https://redis.azure.com/.default';

/**
 * Microsoft Entra ID tokens for Azure Managed Redis. On App Service `DefaultAzureCredential` picks
 * the user-assigned managed identity named by `AZURE_CLIENT_ID`; locally it falls back to the
 * developer's Azure CLI login. No access key is ever stored.
 */
export class EntraRedisCredential implements RedisCredential {
  private readonly credential: TokenCredential;

  constructor(managedIdentityClientId?: string, credential?: TokenCredential) {
    this.credential =
      credential ?? new DefaultAzureCredential({ managedIdentityClientId });
  }

  async getToken(): Promise<RedisAccessToken> {
    const token = await this.credential.getToken(REDIS_ENTRA_SCOPE);
    if (!token)
      throw new Error('Microsoft Entra ID returned no token for Redis');
    return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
  }
}
