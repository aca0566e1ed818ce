import { describe, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** System programs some tests drive for real (never mocked, never downloaded by the tests). */
export type SystemTool =
  | 'chromium'
  | 'nginx'
  | 'shellcheck'
  | 'openssl'
  | 'redis-server'
  | 'redis'
  | 'curl';

/** Where the skip records go: set by test/support/skipped-tools.setup.mjs for the reporter. */
export const SKIP_FILE_VARIABLE = 'JEST_SKIPPED_TOOLS_FILE';

/** One skipped group of tests, as recorded for the end-of-run summary. */
export interface SkipRecord {
  readonly tools: readonly SystemTool[];
  readonly what: string;
  /** Debian packages that provide what was missing. */
  readonly packages: readonly string[];
}

interface ToolInfo {
  /** How a person reads the requirement. */
  readonly label: string;
  /** The command that installs it (Debian, as .ci/run does). */
  readonly install: string;
  present(env: NodeJS.ProcessEnv): boolean;
}

/** The Chromium the browser tests drive (`CHROMIUM_PATH`, else Debian's). */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** The executable `command` on `env.PATH`, if any. */
export function onPath(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

let sharedRedis: boolean | undefined;

/** True when a Redis answers PING on 127.0.0.1:6379 (asked once per test file, synchronously). */
function sharedRedisAnswers(): boolean {
  sharedRedis ??=
    spawnSync(
      process.execPath,
      [
        '-e',
        `const s = require('node:net').connect(6379, '127.0.0.1');
         s.on('connect', () => s.write('PING\\r\\n'));
         s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));
         s.on('error', () => process.exit(1));
         setTimeout(() => process.exit(1), 1500);`,
      ],
      { timeout: 3000, stdio: 'ignore' },
    ).status === 0;
  return sharedRedis;
}

const onPathTool = (command: string, install: string): ToolInfo => ({
  label: command,
  install,
  present: (env) => onPath(command, env) !== undefined,
});

const TOOLS: Record<SystemTool, ToolInfo> = {
  chromium: {
    label: 'Chromium',
    install: 'apt-get install -y chromium',
    present: (env) => existsSync(chromiumPath(env)),
  },
  nginx: {
    label: 'nginx',
    install: 'apt-get install -y nginx-light',
    // Debian installs it in /usr/sbin, which a non-root PATH often lacks (loadtest/local/nginx.mjs).
    present: (env) =>
      ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].some((p) => existsSync(p)) ||
      onPath('nginx', env) !== undefined,
  },
  shellcheck: onPathTool('shellcheck', 'apt-get install -y shellcheck'),
  openssl: onPathTool('openssl', 'apt-get install -y openssl'),
  curl: onPathTool('curl', 'apt-get install -y curl'),
  'redis-server': onPathTool('redis-server', 'apt-get install -y redis-server'),
  redis: {
    label: 'a Redis on 127.0.0.1:6379 (or redis-server to start one)',
    install: 'apt-get install -y redis-server',
    present: (env) =>
      sharedRedisAnswers() || onPath('redis-server', env) !== undefined,
  },
};

/** Options of `requireTool`, for its own tests. */
export interface RequireToolOptions {
  /** The environment to look in (PATH, CHROMIUM_PATH, CI); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Decides whether the tool is there, instead of looking. */
  readonly lookup?: (tool: SystemTool) => boolean;
  /** Receives the one line said about a skip; stderr by default. */
  readonly say?: (line: string) => void;
}

/** A `describe` that may stand in for Jest's. */
export type Describe = (title: string, fn: () => void) => void;

/**
 * True when a missing tool must fail the run rather than skip: under CI (`CI` set and not
 * `false`/`0`) or when `.ci/run` asks for every tool (`REQUIRE_SYSTEM_TOOLS=1`).
 */
export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return (
    env.REQUIRE_SYSTEM_TOOLS === '1' ||
    (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0')
  );
}

/**
 * `describe` when every tool is there. When one is missing: `describe.skip`, after one line saying what
 * was skipped and how to install the tool (recorded for the summary at the end of the run), or,
 * under CI (`toolsRequired`), a group whose one test fails saying the same, so CI runs everything.
 * @param tools what the tests need (all of it)
 * @param what the tests skipped, in words
 */
export function requireTool(
  tools: SystemTool | readonly SystemTool[],
  what: string,
  options: RequireToolOptions = {},
): Describe {
  const env = options.env ?? process.env;
  const missing = (typeof tools === 'string' ? [tools] : tools)
    .filter((tool) =>
      options.lookup ? !options.lookup(tool) : !TOOLS[tool].present(env),
    )
    .map((tool) => ({ tool, ...TOOLS[tool] }));
  if (missing.length === 0) return describe;
  const labels = missing.map((m) => m.label).join(' and ');
  const verb = missing.length === 1 ? 'is' : 'are';
  const install = `apt-get install -y ${missing.map((m) => m.install.replace('apt-get install -y ', '')).join(' ')}`;
  if (toolsRequired(env)) {
    return (title, _fn) =>
      describe(title, () => {
        it(`needs ${labels}`, () => {
          throw new Error(
            `${labels} ${verb} missing (install: ${install}); CI runs every test, so this fails instead of skipping`,
          );
        });
      });
  }
  const line = `skipped: ${what} — ${labels} ${verb} missing (install: ${install})`;
  (options.say ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  const file = env[SKIP_FILE_VARIABLE];
  if (file && !options.say) {
    const record: SkipRecord = {
      tools: missing.map((m) => m.tool),
      what,
      packages: missing.map((m) =>
        m.install.replace('apt-get install -y ', ''),
      ),
    };
    appendFileSync(file, `${JSON.stringify(record)}\n`);
  }
  return describe.skip;
}
