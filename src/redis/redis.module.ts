import { Module } from '@nestjs/common';
import { settingsProvider } from '../mcp/settings.provider.js';
import { EntraRedisCredential } from './entra-redis.credential.js';
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
      useFactory: (env: RedisEnvironment) =>
        env.REDIS_AUTH === 'entra'
          ? new EntraRedisCredential(env.AZURE_CLIENT_ID)
          : undefined,
    },
    RedisConnectionFactory,
  ],
  exports: [RedisEnvironment, RedisConnectionFactory],
})
export class RedisModule {}
