import {
  type BeforeApplicationShutdown,
  Injectable,
  type OnModuleInit,
} from '@nestjs/common';
import { McpMethodRegistry } from '../dispatch/mcp-method.registry.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { ServerBusyError } from '../json-rpc/server-busy.error.js';
import {
  isJsonObject,
  type JsonObject,
  type McpResult,
} from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { type ListChange, ListChangeBus } from './list-change.bus.js';
import { type ListenCapScope, ListenSlots } from './listen-slots.js';

/** Comment lines keep an idle stream open through proxies (App Service's front end: ~230 s). */
const KEEP_ALIVE_MS = 25_000;

/**
 * How long a refused client should wait before opening a stream again. Streams end when clients
 * leave, so a slot frees up in time; behind a balancer the retry may also land on another instance.
 */
const RETRY_AFTER_MS = 5_000;

interface Filter {
  toolsListChanged?: true;
  promptsListChanged?: true;
  resourcesListChanged?: true;
  resourceSubscriptions?: string[];
}

/**
 * `subscriptions/listen` (SEP-2575,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/subscriptions): a
 * long-lived request whose SSE stream first acknowledges the honoured subset of the filter, then
 * carries only opted-in change notifications, each tagged with the subscription id (the request's
 * id). Ends with a complete result on graceful shutdown; a client that closes the stream simply
 * unsubscribes.
 */
@Injectable()
export class SubscriptionsListenHandler
  implements OnModuleInit, BeforeApplicationShutdown
{
  private readonly open = new Set<() => void>();
  private readonly slots: ListenSlots;

  constructor(
    private readonly registry: McpMethodRegistry,
    private readonly bus: ListChangeBus,
    settings: ProtocolSettings,
  ) {
    this.slots = new ListenSlots(
      settings.maxListenStreams,
      settings.maxListenStreamsPerCaller,
    );
  }

  onModuleInit(): void {
    this.registry.register(
      'subscriptions/listen',
      (params, ctx) => this.listen(params, ctx),
      {
        eras: ['modern'],
        longLived: true,
      },
    );
  }

  beforeApplicationShutdown(): void {
    for (const finish of [...this.open]) finish();
  }

  listen(params: JsonObject, ctx: McpRequestContext): Promise<McpResult> {
    if (!isJsonObject(params.notifications)) {
      throw JsonRpcError.invalidParams(
        'Invalid params: notifications must be an object',
      );
    }
    if (!ctx.acceptsStream) {
      throw new JsonRpcError(
        JsonRpcErrorCode.InvalidRequest,
        'subscriptions/listen needs Accept: text/event-stream',
        undefined,
        400,
      );
    }
    const release = this.slots.acquire(ctx.principal?.subject);
    if (typeof release === 'string') throw refusal(release, this.slots);
    try {
      return this.stream(params.notifications, ctx, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Acknowledges, then relays changes until the client leaves or the server shuts down. */
  private stream(
    notifications: JsonObject,
    ctx: McpRequestContext,
    release: () => void,
  ): Promise<McpResult> {
    const filter = this.honoured(notifications);
    const meta = { [META.subscriptionId]: ctx.requestId };
    ctx.notify('notifications/subscriptions/acknowledged', {
      notifications: filter,
      _meta: meta,
    });
    return new Promise((resolve) => {
      const unsubscribe = this.bus.subscribe((change) => {
        const method = notificationFor(change, filter);
        if (method)
          ctx.notify(
            method,
            change.kind === 'resource'
              ? { uri: change.uri, _meta: meta }
              : { _meta: meta },
          );
      });
      const timer = setInterval(() => ctx.keepAlive(), KEEP_ALIVE_MS);
      // Every way a stream ends comes here: the client left (abort), a timeout or shutdown.
      const finish = () => {
        clearInterval(timer);
        unsubscribe();
        release();
        this.open.delete(finish);
        resolve({ _meta: meta });
      };
      this.open.add(finish);
      ctx.signal.addEventListener('abort', finish, { once: true });
    });
  }

  /** The subset of the requested filter this server can deliver, per its capabilities. */
  private honoured(wanted: JsonObject): Filter {
    const caps = this.registry.capabilities() as Record<
      string,
      { listChanged?: boolean; subscribe?: boolean } | undefined
    >;
    const filter: Filter = {};
    if (wanted.toolsListChanged === true && caps.tools?.listChanged)
      filter.toolsListChanged = true;
    if (wanted.promptsListChanged === true && caps.prompts?.listChanged)
      filter.promptsListChanged = true;
    if (wanted.resourcesListChanged === true && caps.resources?.listChanged)
      filter.resourcesListChanged = true;
    if (
      Array.isArray(wanted.resourceSubscriptions) &&
      caps.resources?.subscribe
    ) {
      filter.resourceSubscriptions = wanted.resourceSubscriptions.filter(
        (u): u is string => typeof u === 'string',
      );
    }
    return filter;
  }
}

/** The busy answer beyond a cap: 503 for the instance's, 429 for a caller's own (`ServerBusyError`). */
function refusal(scope: ListenCapScope, slots: ListenSlots): ServerBusyError {
  const limit = scope === 'instance' ? slots.maxTotal : slots.maxPerCaller;
  return new ServerBusyError(
    scope === 'instance'
      ? `Too many open subscriptions/listen streams on this server (${limit}); retry later`
      : `Too many open subscriptions/listen streams for this caller (${limit}); close one or retry later`,
    {
      reason: 'listen-streams',
      scope,
      retryAfterMs: RETRY_AFTER_MS,
      data: { limit },
    },
  );
}

function notificationFor(
  change: ListChange,
  filter: Filter,
): string | undefined {
  switch (change.kind) {
    case 'tools':
      return filter.toolsListChanged && 'notifications/tools/list_changed';
    case 'prompts':
      return filter.promptsListChanged && 'notifications/prompts/list_changed';
    case 'resources':
      return (
        filter.resourcesListChanged && 'notifications/resources/list_changed'
      );
    case 'resource':
      return filter.resourceSubscriptions?.includes(change.uri)
        ? 'notifications/resources/updated'
        : undefined;
  }
}
