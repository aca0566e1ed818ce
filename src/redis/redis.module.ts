import { Module } from '@nestjs/common';
import { settingsProvider } from '../mcp/settings.provider.js';
import { missingPeer } from '../common/optional-peer.js';
import { RedisConnectionFactory } from './redis-connection.factory.js';
import { RedisCredential } from './redis-credential.interface.js';
import { RedisEnvironment } from './redis.env.js';

/**
 * The deployment's Redis connections (`REDIS_*`). Import it where a connection is needed (handles,
 * list-change pub/sub); Nest builds one instance per module class, so every importer shares one
 * factory, which alone closes the connections at shutdown.
 */
@Module({
  providers: [
    settingsProvider(RedisEnvironment),
    {
      provide: RedisCredential,
      inject: [RedisEnvironment],
      // Loaded only with `redis.auth: 'entra'`: @azure/identity is an optional peer dependency.
      useFactory: async (env: RedisEnvironment) => {
        if (env.REDIS_AUTH !== 'entra') return undefined;
        const { EntraRedisCredential } =
          await import('./entra-redis.credential.js').catch((err: unknown) => {
            throw missingPeer('@azure/identity', "redis.auth 'entra'", err);
          });
        return new EntraRedisCredential(env.AZURE_CLIENT_ID);
      },
    },
    RedisConnectionFactory,
  ],
  exports: [RedisEnvironment, RedisConnectionFactory],
})
export class RedisModule {}
