// Child processes the local load run starts: each in its own process group, logged to a file,
// stopped by group (SIGTERM, then SIGKILL), and all stopped on exit whatever the reason.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** @typedef {{ name: string, pid: number, log: string, exited: Promise<number | null>, alive: () => boolean }} Child */

/** @type {Set<Child>} */
const children = new Set();

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (
        server.address()
      );
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` detached (its own process group, so everything it forks can be stopped
 * together), output appended to `log`.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, log: string, cwd?: string }} options
 * @returns {Child}
 */
export function start(name, command, args, options) {
  const out = createWriteStream(options.log, { flags: 'a' });
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  let running = true;
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      running = false;
      resolve(code ?? (signal ? -1 : null));
    });
    proc.on('error', (err) => {
      running = false;
      out.write(`spawn failed: ${err.message}\n`);
      resolve(-1);
    });
  });
  if (proc.pid === undefined)
    throw new Error(`could not start ${name} (${command})`);
  /** @type {Child} */
  const child = {
    name,
    pid: proc.pid,
    log: options.log,
    exited,
    alive: () => running,
  };
  children.add(child);
  exited.then(() => children.delete(child));
  return child;
}

/**
 * Stops a child: `politely` first (e.g. `nginx -s quit`; default SIGTERM to its group), then
 * SIGKILL to the group after `graceMs`.
 * @param {Child} child
 * @param {{ politely?: () => Promise<void> | void, graceMs?: number }} [options]
 */
export async function stop(child, options = {}) {
  if (!child.alive()) return;
  try {
    if (options.politely) await options.politely();
    else process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone, or the polite way failed: the deadline below still applies.
  }
  const timeout = delay(options.graceMs ?? 5000).then(() => 'timeout');
  if ((await Promise.race([child.exited, timeout])) === 'timeout')
    killGroup(child.pid, 'SIGKILL');
  await child.exited;
}

/** Children still running (for the final safety net and for reporting). */
export function running() {
  return [...children].filter((c) => c.alive());
}

/** Last resort when the runner exits: SIGKILL every group still alive (synchronous). */
export function killAllNow() {
  for (const child of running()) killGroup(child.pid, 'SIGKILL');
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/**
 * Polls `probe` until it resolves truthy, failing after `timeoutMs` or when `child` exits.
 * @param {string} what
 * @param {() => Promise<unknown>} probe
 * @param {{ timeoutMs?: number, child?: Child }} [options]
 */
export async function waitFor(what, probe, options = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last;
  while (Date.now() < deadline) {
    if (options.child && !options.child.alive())
      throw new Error(
        `${what}: ${options.child.name} exited (log: ${options.child.log})`,
      );
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    await delay(100);
  }
  throw new Error(
    `${what}: not ready after ${options.timeoutMs ?? 30_000} ms${last ? ` (${/** @type {Error} */ (last).message})` : ''}`,
  );
}
