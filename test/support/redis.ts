import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/** The machine's shared Redis (CI runs one too). */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses, so runs never collide on the shared Redis. */
export function uniquePrefix(what: string): string {
  return `test:${what}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Makes sure the shared Redis answers, starting a `redis-server` without persistence if none does. */
export async function ensureSharedRedis(): Promise<void> {
  if (await answers(SHARED_REDIS_URL)) return;
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await waitFor(() => answers(SHARED_REDIS_URL), {
    what: `the redis-server just started to answer on ${SHARED_REDIS_URL}`,
  });
}

/** Deletes every key under `prefix` on the shared Redis (never anything else). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A private `redis-server` a test may stop and start (never the shared one). */
export interface PrivateRedis {
  readonly port: number;
  /** `redis://127.0.0.1:PORT`, or `rediss://localhost:PORT` when it speaks TLS. */
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of `startPrivateRedis`. */
export interface PrivateRedisOptions {
  /** Serve TLS only, with this certificate and key (PEM files). */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** More `redis-server` options. */
  readonly args?: readonly string[];
}

/** Creates and starts a private Redis on a free port. */
export async function startPrivateRedis(
  options: PrivateRedisOptions = {},
): Promise<PrivateRedis> {
  const port = await freePort();
  const listen = options.tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        options.tls.cert,
        '--tls-key-file',
        options.tls.key,
        '--tls-auth-clients',
        'no',
      ]
    : ['--port', String(port)];
  let child: ChildProcess | undefined;
  const redis: PrivateRedis = {
    port,
    url: options.tls
      ? `rediss://localhost:${port}`
      : `redis://127.0.0.1:${port}`,
    async start() {
      // Starting twice would orphan the first process (and keep Jest from exiting).
      if (child && child.exitCode === null && child.signalCode === null) return;
      child = spawn(
        'redis-server',
        [
          ...listen,
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          ...(options.args ?? []),
        ],
        {
          stdio: 'ignore',
        },
      );
      const started = child;
      await waitFor(
        () => {
          if (started.exitCode !== null || started.signalCode !== null)
            throw new Error(
              `private redis-server exited at start (${started.exitCode ?? started.signalCode})`,
            );
          return accepts(port);
        },
        { what: `the private redis-server on :${port}` },
      );
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
  await redis.start();
  return redis;
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
