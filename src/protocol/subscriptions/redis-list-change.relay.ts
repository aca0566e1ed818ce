import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ListChange, ListChangeRelay } from './list-change.bus.js';

/**
 * Carries list changes between instances over Redis pub/sub, so a listener on any instance hears a
 * change made on any other. Pub/sub needs a connection of its own for subscribing. If Redis is
 * unreachable when publishing, the change is still delivered locally (and a warning logged).
 */
export class RedisListChangeRelay implements ListChangeRelay {
  private readonly logger = new Logger('RedisListChangeRelay');
  private deliver?: (change: ListChange) => void;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  async start(deliver: (change: ListChange) => void): Promise<void> {
    this.deliver = deliver;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        deliver(JSON.parse(message) as ListChange);
      } catch {
        this.logger.warn('Ignored a malformed list-change message');
      }
    });
    // (Re)subscribe whenever the connection becomes ready: Redis may be down at boot or restart
    // later, and the relay must recover by itself.
    const subscribe = () =>
      void this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber.on('ready', subscribe);
    if (this.subscriber.status === 'ready') subscribe();
  }

  async publish(change: ListChange): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify(change));
    } catch {
      this.logger.warn(
        'Redis unavailable: list change delivered to this instance only',
      );
      this.deliver?.(change);
    }
  }

  async stop(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
