import { type ChildProcess, fork, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port.js';
import { TEST_SIGNING_KEYS } from './mcp-app.js';
import { waitFor } from './wait-for.js';

/** How a server process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One real server process (`node dist/main.js`), as App Service runs it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** `http://127.0.0.1:PORT/mcp` */
  readonly url: string;
  readonly baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** Sends `signal` and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Memory after a full GC (`harness` processes only). */
  memory(): Promise<NodeJS.MemoryUsage>;
}

/** Options of `startServerProcess`. */
export interface ServerProcessOptions {
  /**
   * `main` (default) runs `node dist/main.js`; `harness` boots the same server with `--expose-gc`
   * and answers memory probes over IPC (test/support/server-harness.mjs); `conformance` runs the
   * conformance fixture server (`dist-conformance/test/conformance/main.js`, built by
   * `tsc -p tsconfig.conformance.json`), whose fixtures include task tools.
   */
  readonly entry?: 'main' | 'harness' | 'conformance';
  /** With `entry: 'main'`, the built script to run instead of `dist/main.js` (e.g. an example app). */
  readonly script?: string;
  /** With `entry: 'main'`, the working directory (where `.env` is read); default: the repository. */
  readonly cwd?: string;
}

/**
 * Starts the built server (`npm test` builds first) with `env` on a free loopback port and waits until
 * it answers. Shares the test signing keys unless `env` says otherwise, like one deployment. No
 * balancer stands in front of a test process, so SIGTERM skips the drain delay unless `env` sets one.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  { entry = 'main', script = 'dist/main.js', cwd }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HANDLE_SIGNING_KEYS: TEST_SIGNING_KEYS,
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const stdio = ['ignore', 'pipe', 'pipe'] as const;
  const child =
    entry !== 'harness'
      ? spawn(
          process.execPath,
          [
            resolve(
              entry === 'main'
                ? script
                : 'dist-conformance/test/conformance/main.js',
            ),
          ],
          {
            cwd,
            env: childEnv,
            stdio: [...stdio],
          },
        )
      : fork('test/support/server-harness.mjs', [], {
          env: childEnv,
          execArgv: ['--expose-gc'],
          stdio: [...stdio, 'ipc'],
        });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    port,
    url: `${baseUrl}/mcp`,
    baseUrl,
    output: () => log,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(signal);
      return (await exited).code;
    },
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (m) =>
          resolve((m as { memory: NodeJS.MemoryUsage }).memory),
        );
        child.send('memory');
      }),
  };
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `server exited with ${child.exitCode ?? child.signalCode} at boot:\n${log}`,
          );
        // Any answer (405 for GET) means it listens.
        return fetch(server.url).then(
          () => true,
          () => false,
        );
      },
      {
        what: () => `the server on :${port} to listen; its output:\n${log}`,
        timeoutMs: 30_000,
        everyMs: 50,
      },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return server;
}

/**
 * Three server processes of one deployment: instance ids `instance-a`…`instance-c`, the same `env`
 * (keys, Redis) on each, as behind App Service's balancer.
 */
export function startDeployment(
  env: Record<string, string> = {},
  options: ServerProcessOptions = {},
): Promise<ServerProcess[]> {
  return Promise.all(
    ['a', 'b', 'c'].map((id) =>
      startServerProcess(
        { WEBSITE_INSTANCE_ID: `instance-${id}`, ...env },
        options,
      ),
    ),
  );
}
