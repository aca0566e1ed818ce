import {
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { HandlesEnvironment } from '../../handles/handles.env.js';
import { RedisConnectionFactory } from '../../redis/redis-connection.factory.js';
import { RedisEnvironment } from '../../redis/redis.env.js';
import { ListChangeBus, type ListChangeRelay } from './list-change.bus.js';
import { RedisListChangeRelay } from './redis-list-change.relay.js';

/** Connects the bus to Redis pub/sub at boot when the Redis backend is configured. */
@Injectable()
export class ListChangeRelayActivator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ListChangeRelay');
  private relay?: ListChangeRelay;

  constructor(
    private readonly bus: ListChangeBus,
    private readonly env: HandlesEnvironment,
    private readonly redisEnv: RedisEnvironment,
    private readonly redis: RedisConnectionFactory,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.env.HANDLE_BACKEND !== 'redis') return;
    // Publishing fails fast while Redis is away (the relay then delivers locally); the connections
    // reconnect by themselves and the relay resubscribes. Pub/sub needs a connection of its own.
    const [publisher, subscriber] = await Promise.all([
      this.redis.connect('publish'),
      this.redis.connect('subscribe'),
    ]);
    this.relay = new RedisListChangeRelay(
      publisher,
      subscriber,
      `${this.redisEnv.REDIS_KEY_PREFIX}list-changes`,
    );
    await this.bus.useRelay(this.relay);
    this.logger.log('List changes travel between instances over Redis pub/sub');
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}
