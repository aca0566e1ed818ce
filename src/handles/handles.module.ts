import { Global, Module } from '@nestjs/common';
import { envConfigProvider } from '../config/env-config.provider.js';
import { HandleService } from './handle.service.js';
import { HandleStore } from './handle-store.interface.js';
import { HandlesEnvironment } from './handles.env.js';
import { EntraRedisCredential } from './redis/entra-redis.credential.js';
import { RedisConnectionFactory } from './redis/redis-connection.factory.js';
import { RedisCredential } from './redis/redis-credential.interface.js';
import { RedisHandleStore } from './redis/redis-handle.store.js';
import { SignedHandleStore } from './signed/signed-handle.store.js';
import { SigningKeyRing } from './signing-key.ring.js';

/** `iss` of signed handles; the keys, not the name, tell deployments apart. */
const HANDLE_ISSUER = 'stateless-mcp-nest';

/**
 * Handles: `HandleService` over the store `HANDLE_BACKEND` selects, the deployment's signing keys
 * (also used to seal MRTR requestState) and its Redis connections. Global: protocol features and
 * any team's tools may use them.
 */
@Global()
@Module({
  providers: [
    envConfigProvider(HandlesEnvironment),
    {
      provide: SigningKeyRing,
      inject: [HandlesEnvironment],
      useFactory: (env: HandlesEnvironment) => SigningKeyRing.fromEnv(env),
    },
    {
      provide: RedisCredential,
      inject: [HandlesEnvironment],
      useFactory: (env: HandlesEnvironment) =>
        env.REDIS_AUTH === 'entra'
          ? new EntraRedisCredential(env.AZURE_CLIENT_ID)
          : undefined,
    },
    RedisConnectionFactory,
    {
      provide: HandleStore,
      inject: [HandlesEnvironment, SigningKeyRing, RedisConnectionFactory],
      useFactory: async (
        env: HandlesEnvironment,
        ring: SigningKeyRing,
        redis: RedisConnectionFactory,
      ): Promise<HandleStore> =>
        env.HANDLE_BACKEND === 'redis'
          ? new RedisHandleStore(
              await redis.connect('handles'),
              env.REDIS_KEY_PREFIX,
            )
          : SignedHandleStore.create(ring, HANDLE_ISSUER),
    },
    HandleService,
  ],
  exports: [
    HandlesEnvironment,
    SigningKeyRing,
    RedisConnectionFactory,
    HandleService,
  ],
})
export class HandlesModule {}
