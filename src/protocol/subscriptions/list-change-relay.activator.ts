import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ListChangeBus, type ListChangeRelay } from './list-change.bus.js';
import { RedisListChangeRelay } from './redis-list-change.relay.js';
import { SubscriptionsEnvironment } from './subscriptions.env.js';

/** Connects the bus to Redis pub/sub at boot when the Redis backend is configured. */
@Injectable()
export class ListChangeRelayActivator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ListChangeRelay');
  private relay?: ListChangeRelay;

  constructor(
    private readonly bus: ListChangeBus,
    private readonly env: SubscriptionsEnvironment,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.env.HANDLE_BACKEND !== 'redis' || !this.env.REDIS_URL) return;
    // Publishing fails fast while Redis is away (the relay then delivers locally); ioredis
    // reconnects by itself and the relay resubscribes.
    const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
    const connect = () => new Redis(this.env.REDIS_URL!, options).on('error', () => undefined);
    this.relay = new RedisListChangeRelay(connect(), connect(), `${this.env.REDIS_KEY_PREFIX}list-changes`);
    await this.bus.useRelay(this.relay);
    this.logger.log('List changes travel between instances over Redis pub/sub');
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}
