import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ENTRY = join('dist', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/** Compiles `src/` into `dist/` (what `npm run build` does) when `dist/main.js` is missing or stale. */
export function ensureBuilt(): void {
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= newestMtime('src'))
    return;
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    { stdio: 'inherit' },
  );
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `node dist/main.js` process, as App Service runs it. */
export interface BuiltServer {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (SIGKILL after `timeoutMs`), then how the process ended. */
  stop(timeoutMs?: number): Promise<Exit>;
}

/**
 * Starts the built server with exactly `env` (plus PATH), on a free loopback port, and resolves once
 * it logs the line `main.ts` writes when it listens.
 */
export async function startBuiltServer(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<BuiltServer> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}`)),
      timeoutMs,
    );
    child.stdout!.on('data', () => {
      const match = /MCP endpoint listening on (http:\/\/[^"\s]+)\/mcp/.exec(
        output,
      );
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}):\n${output}`));
    });
  });
  return {
    child,
    baseUrl,
    output: () => output,
    stop: async (stopTimeoutMs = 20_000) => {
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const ended = await exited;
      clearTimeout(timer);
      return ended;
    },
  };
}
