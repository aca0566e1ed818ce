import { ReadinessModule } from '../readiness/readiness.module.js';
import { Module } from '@nestjs/common';
import { settingsProvider } from '../mcp/settings.provider.js';
import { KeysModule } from '../keys/keys.module.js';
import { McpSettings } from '../mcp/mcp-settings.js';
import { SigningKeyRing } from '../keys/signing-key.ring.js';
import { RedisConnectionFactory } from '../redis/redis-connection.factory.js';
import { RedisEnvironment } from '../redis/redis.env.js';
import { RedisModule } from '../redis/redis.module.js';
import { HandleService } from './handle.service.js';
import { HandleStore } from './handle-store.interface.js';
import { HandlesEnvironment } from './handles.env.js';
import { RedisHandleStore } from './redis/redis-handle.store.js';
import { SignedHandleStore } from './signed/signed-handle.store.js';

/** `iss` of signed handles; the keys, not the name, tell deployments apart. */
const HANDLE_ISSUER = 'stateless-mcp-nest';

/**
 * Handles: `HandleService` over the application's own store (`handles.store` of `McpModule`), or the
 * built-in one `HANDLE_BACKEND` selects, signed with the deployment's keys or kept in its Redis.
 * Import it in any module whose tools use handles.
 */
@Module({
  imports: [KeysModule, RedisModule, ReadinessModule],
  providers: [
    settingsProvider(HandlesEnvironment),
    {
      provide: HandleStore,
      inject: [
        McpSettings,
        HandlesEnvironment,
        RedisEnvironment,
        SigningKeyRing,
        RedisConnectionFactory,
      ],
      useFactory: async (
        settings: McpSettings,
        env: HandlesEnvironment,
        redisEnv: RedisEnvironment,
        ring: SigningKeyRing,
        redis: RedisConnectionFactory,
      ): Promise<HandleStore> =>
        settings.handleStore ??
        (env.HANDLE_BACKEND === 'redis'
          ? new RedisHandleStore(
              await redis.connect('handles'),
              redisEnv.REDIS_KEY_PREFIX,
            )
          : SignedHandleStore.create(ring, HANDLE_ISSUER)),
    },
    HandleService,
  ],
  exports: [HandlesEnvironment, HandleService],
})
export class HandlesModule {}
