// A private redis-server for `--backend redis`: its own port and directory, never the shared 6379.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { start, stop, waitFor } from './processes.mjs';

/**
 * @param {string} dir
 * @param {number} port
 */
export async function startRedis(dir, port) {
  const child = start(
    'redis',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    {
      log: join(dir, 'redis.log'),
    },
  );
  await waitFor('redis', () => ping(port), { child, timeoutMs: 10_000 });
  return {
    child,
    url: `redis://127.0.0.1:${port}`,
    /** `SHUTDOWN NOSAVE` on our own port, then the usual deadline. */
    stop: () =>
      stop(child, {
        politely: () =>
          void execFileSync(
            'redis-cli',
            ['-p', String(port), 'shutdown', 'nosave'],
            { stdio: 'ignore' },
          ),
      }),
  };
}

/** @param {number} port */
function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
