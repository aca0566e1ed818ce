import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisEnvironment } from './redis.env.js';
import { RedisCredential } from './redis-credential.interface.js';
import { missingPeer } from '../common/optional-peer.js';

/** ioredis, loaded on first use; a clear error when the application did not install it. */
async function loadIoredis() {
  try {
    return await import('ioredis');
  } catch (err) {
    throw missingPeer('ioredis', 'redis.url', err);
  }
}

/** Refresh a token when this share of its lifetime has passed (re-AUTH before it expires). */
const REFRESH_AT = 0.8;
const MIN_REFRESH_MS = 5_000;
const RETRY_REFRESH_MS = 30_000;
/** How long boot waits for a first connection; Redis down at boot must not stop the app. */
const BOOT_WAIT_MS = 2_000;
/** Command and socket timeout while the server announces maintenance (ioredis' default: 10 s). */
const MAINTENANCE_TIMEOUT_MS = 5_000;

/**
 * Opens the deployment's Redis connections (handle store, list-change pub/sub) from `REDIS_URL`:
 * TLS for `rediss://`, a password from the URL or expiring tokens from a `RedisCredential`
 * (Entra ID), which it renews on every open connection before they expire. Connections fail fast
 * while Redis is away (no offline queue) and reconnect by themselves; errors are logged once per
 * outage, without the URL (it may hold a password).
 */
@Injectable()
export class RedisConnectionFactory implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients = new Set<Redis>();
  private refreshTimer?: NodeJS.Timeout;
  private password?: string;

  constructor(
    private readonly env: RedisEnvironment,
    @Optional()
    @Inject(RedisCredential)
    private readonly credential?: RedisCredential,
  ) {}

  /** True when `REDIS_URL` is configured. */
  get configured(): boolean {
    return !!this.env.REDIS_URL;
  }

  /**
   * A new connection, `role` naming it in `CLIENT LIST`. Waits briefly for it to be ready, never
   * failing: commands on a connection that is not ready reject at once and the caller reports
   * "unavailable".
   * @throws Error when no `REDIS_URL` is configured, or the credential gives no token.
   */
  async connect(role: string): Promise<Redis> {
    if (!this.env.REDIS_URL) throw new Error('REDIS_URL is not configured');
    if (this.credential && this.password === undefined) await this.refresh();
    // Loaded here, not at the top: ioredis is an optional peer dependency of the package, needed
    // only by a deployment that configures Redis (as @nestjs/terminus loads its indicators' drivers).
    const { Redis } = await loadIoredis();
    const client = this.track(
      new Redis(this.env.REDIS_URL, this.options(role)),
      role,
    );
    await Promise.race([once(client, 'ready'), sleep(BOOT_WAIT_MS)]).catch(
      () => undefined,
    );
    return client;
  }

  /**
   * A connection for the job queue (BullMQ, https://docs.bullmq.io/guide/connections): commands
   * wait for a reconnection instead of failing (`maxRetriesPerRequest: null`, an offline queue; a
   * worker must not lose a job because Redis blinked) and have no timeout of their own (a blocking
   * fetch waits for seconds; BullMQ watches it). Every connection BullMQ duplicates from it (a
   * worker's blocking connection) is opened here too: same TLS, same credential, renewed tokens,
   * errors logged, closed at shutdown.
   * @throws Error when no `REDIS_URL` is configured, or the credential gives no token.
   */
  async connectForJobs(role: string): Promise<Redis> {
    if (!this.env.REDIS_URL) throw new Error('REDIS_URL is not configured');
    if (this.credential && this.password === undefined) await this.refresh();
    const { Redis } = await loadIoredis();
    const client = this.ownDuplicates(
      this.track(new Redis(this.env.REDIS_URL, this.jobOptions(role)), role),
    );
    await Promise.race([once(client, 'ready'), sleep(BOOT_WAIT_MS)]).catch(
      () => undefined,
    );
    return client;
  }

  /**
   * Makes the client's duplicates (ioredis `duplicate()`, which copies its current options, token
   * included) connections of this factory as well.
   */
  private ownDuplicates(client: Redis): Redis {
    const duplicate = client.duplicate.bind(client);
    client.duplicate = (override) => {
      const copy = duplicate(override);
      return this.ownDuplicates(
        this.track(copy, String(copy.options.connectionName ?? 'tasks-copy')),
      );
    };
    return client;
  }

  /** Logs the connection's outages once each, and keeps it for token renewal and shutdown. */
  private track<T extends Redis>(client: T, role: string): T {
    let down = false;
    client.on('error', (err: Error) => {
      if (down) return;
      down = true;
      // The code only (ECONNREFUSED, WRONGPASS…): messages may echo the host or credentials.
      this.logger.warn(
        `Redis connection ${role} is down (${(err as NodeJS.ErrnoException).code ?? err.name}); reconnecting`,
      );
    });
    client.on('ready', () => {
      if (down) this.logger.log(`Redis connection ${role} is back`);
      down = false;
    });
    this.clients.add(client);
    client.once('end', () => this.clients.delete(client));
    return client;
  }

  onApplicationShutdown(): void {
    clearTimeout(this.refreshTimer);
    for (const client of this.clients) client.disconnect();
    this.clients.clear();
  }

  /** A request path's connection: fails fast while Redis is away. */
  private options(role: string): RedisOptions {
    return {
      ...this.common(role),
      // Fail fast while disconnected, so a tool answers "unavailable, retry" instead of hanging.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // A hung server must not hang requests either; see docs/handles.md ("Redis in Azure") on what
      // a timeout means.
      commandTimeout: 2_000,
      // Commands issued in the same tick share one write: under load, one syscall for many calls.
      enableAutoPipelining: true,
    };
  }

  /** A job engine's connection: BullMQ needs it to wait out an outage (`maxRetriesPerRequest: null`). */
  private jobOptions(role: string): RedisOptions {
    return {
      ...this.common(role),
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
    };
  }

  /** What every connection shares: its name, reconnects, maintenance handling, credentials. */
  private common(role: string): RedisOptions {
    const options: RedisOptions = {
      connectionName: `stateless-mcp:${role}`,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      // ioredis 6.1 registers for Redis Enterprise's maintenance notifications (smart client
      // handoffs, RESP3) where the server offers them, and ignores their absence elsewhere. Kept on
      // deliberately: before a planned failover or shard move the connection moves to the new
      // endpoint instead of breaking. During such a window commands get a relaxed timeout, bounded
      // here so a request still answers "unavailable" well within its own deadline; a command
      // issued while the connection is being handed over is refused at once (no offline queue).
      // https://redis.io/docs/latest/develop/clients/sch/
      maintNotifications: 'auto',
      maintRelaxedCommandTimeout: MAINTENANCE_TIMEOUT_MS,
      maintRelaxedSocketTimeout: MAINTENANCE_TIMEOUT_MS,
    };
    if (this.credential) {
      options.username = this.env.REDIS_USERNAME;
      options.password = this.password;
    }
    return options;
  }

  /** Fetches a fresh token and re-authenticates every open connection with it. */
  private async refresh(): Promise<void> {
    const { token, expiresOnTimestamp } = await this.credential!.getToken();
    this.password = token;
    for (const client of this.clients) {
      // Used on the next reconnect; a live connection re-AUTHs now. A RESP2 subscriber cannot AUTH:
      // it is dropped when the old token expires and reconnects with the new one.
      client.options.password = token;
      if (client.status === 'ready')
        client.auth(this.env.REDIS_USERNAME!, token).catch(() => undefined);
    }
    const lifetime = expiresOnTimestamp - Date.now();
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      () => void this.retryRefresh(),
      Math.max(MIN_REFRESH_MS, lifetime * REFRESH_AT),
    ).unref();
  }

  private async retryRefresh(): Promise<void> {
    try {
      await this.refresh();
    } catch {
      this.logger.warn(
        'Could not renew the Redis access token; retrying in 30 s',
      );
      this.refreshTimer = setTimeout(
        () => void this.retryRefresh(),
        RETRY_REFRESH_MS,
      ).unref();
    }
  }
}

/**
 * An ioredis client whose duplicates are opened by its factory: BullMQ duplicates the connection
 * it is given for a worker's blocking fetches, and those connections need the same TLS,
 * credentials and token renewal as the rest.
 */
