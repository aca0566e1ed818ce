import { Injectable } from '@nestjs/common';

/**
 * A change a `subscriptions/listen` stream may carry
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/subscriptions#notification-filter).
 */
export type ListChange =
  | { readonly kind: 'tools' | 'prompts' | 'resources' }
  | { readonly kind: 'resource'; readonly uri: string };

/** Receives changes published anywhere in the deployment. */
export type ListChangeListener = (change: ListChange) => void;

/** Carries changes between instances (Redis pub/sub in a scaled-out deployment). */
export interface ListChangeRelay {
  publish(change: ListChange): Promise<void>;
  /** Calls `deliver` for every change published by any instance, this one included. */
  start(deliver: (change: ListChange) => void): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Fan-out of list changes to the open `subscriptions/listen` streams. A change published on one
 * instance must reach listeners on all of them, so with a relay configured publishing goes through
 * it and delivery happens when the relay echoes the change back; without one, delivery is local.
 */
@Injectable()
export class ListChangeBus {
  private readonly listeners = new Set<ListChangeListener>();
  private relay?: ListChangeRelay;

  /** Routes publications through `relay` from now on. */
  async useRelay(relay: ListChangeRelay): Promise<void> {
    await relay.start((change) => this.deliver(change));
    this.relay = relay;
  }

  /** Announces a change to every listener in the deployment. */
  async publish(change: ListChange): Promise<void> {
    if (this.relay) await this.relay.publish(change);
    else this.deliver(change);
  }

  /** @returns a function that removes the listener. */
  subscribe(listener: ListChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private deliver(change: ListChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
