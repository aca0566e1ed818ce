import {
  execFileSync,
  fork,
  spawn,
  type ChildProcess,
} from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/main.js');
const HARNESS = join(ROOT, 'test/support/server-harness.mjs');

/** A server running in a child process: what a crash, a signal or memory growth can be observed on. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/mcp` */
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;
  /** Memory after a full GC (harness processes only). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** SIGKILLs the process if it is still running and waits for it to go. */
  stop(): Promise<void>;
}

/** Options of `startServerProcess`. */
export interface ServerProcessOptions {
  /**
   * `main` runs `node dist/main.js` exactly as App Service does; `harness` boots the same
   * `startServer` with `--expose-gc` and answers memory probes over IPC.
   */
  entry?: 'main' | 'harness';
}

/**
 * Starts a real server process on a free loopback port (PORT=0) with `env` added to a minimal
 * environment, and waits until it listens. Builds `dist/` first when any source file is newer.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  { entry = 'main' }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  ensureBuilt();
  const childEnv = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    NO_COLOR: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  };
  const child =
    entry === 'main'
      ? spawn(process.execPath, [MAIN], {
          env: childEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : fork(HARNESS, [], {
          env: childEnv,
          execArgv: ['--expose-gc'],
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}`)),
      30_000,
    );
    const look = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${output}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    baseUrl,
    url: `${baseUrl}/mcp`,
    output: () => output,
    exited,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (m) =>
          resolve((m as { memory: NodeJS.MemoryUsage }).memory),
        );
        child.send('memory');
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Rebuilds `dist/` when a source file is newer than `dist/main.js` (or it is missing), so process
 * tests never run yesterday's build.
 */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(MAIN).mtimeMs;
  } catch {
    built = 0;
  }
  if (newest(join(ROOT, 'src')) <= built) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(
      latest,
      entry.isDirectory() ? newest(path) : statSync(path).mtimeMs,
    );
  }
  return latest;
}
