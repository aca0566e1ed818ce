import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { TEST_SIGNING_KEYS } from './mcp-app.js';

/** One real server process (`node dist/main.js`), as App Service runs it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT/mcp` */
  readonly url: string;
  readonly baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built server (`npm test` builds first) with `env` on a free loopback port and waits until
 * it answers. Shares the test signing keys unless `env` says otherwise, like one deployment.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HANDLE_SIGNING_KEYS: TEST_SIGNING_KEYS,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    url: `${baseUrl}/mcp`,
    baseUrl,
    output: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(signal);
      return exited;
    },
  };
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} at boot:\n${log}`);
    try {
      await fetch(server.url); // any answer (405 for GET) means it listens
      return server;
    } catch {
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${log}`);
}
