import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';
import {
  type ServerProcess,
  startServerProcess,
} from './support/server-process.js';

// The server's configuration on @nestjs/config: apps booted in one process each keep their own
// variables, and `node dist/main.js` reads a `.env` of its working directory under the process's.

const instructions = async (target: TestServer['server'] | string) =>
  (await mcp(target, 'server/discover')).body.result.instructions as string;

/** A request without the standard headers: -32020 in strict mode, answered in lenient mode. */
const bare = (target: TestServer['server'] | string) =>
  mcp(
    target,
    'tools/list',
    {},
    {
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
    },
  );

describe('several apps in one process', () => {
  it('each boots with its own variables; the process environment neither leaks in nor out', async () => {
    const saved = { ...process.env };
    process.env.MCP_STRICT_HEADERS = '1';
    process.env.MCP_INSTRUCTIONS = 'from process.env';
    const before = Object.keys(process.env).sort();
    const apps: TestServer[] = [];
    try {
      apps.push(await startApp({ MCP_INSTRUCTIONS: 'app A' }));
      apps.push(
        await startApp({ MCP_INSTRUCTIONS: 'app B', MCP_STRICT_HEADERS: '1' }),
      );
      const [a, b] = apps;
      expect(await instructions(a.server)).toBe('app A');
      expect(await instructions(b.server)).toBe('app B');
      expect((await bare(a.server)).body.result.tools).toBeDefined();
      expect((await bare(b.server)).body.error.code).toBe(-32020);
      // ConfigModule copies what `validate` returns into process.env: nothing of an app's.
      expect(Object.keys(process.env).sort()).toEqual(before);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      process.env = saved;
    }
  });
});

describe('.env for local runs (node dist/main.js)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-dotenv-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const writeEnv = (lines: string[]) =>
    writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);

  describe('read from the working directory, under the process environment', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      writeEnv([
        '# a developer machine',
        'MCP_STRICT_HEADERS=1',
        'MCP_INSTRUCTIONS=from .env',
        'PORT=1',
      ]);
      // Not NODE_ENV=test, under which .env is ignored; PORT and HOST come from the process.
      server = await startServerProcess(
        { NODE_ENV: 'development', MCP_INSTRUCTIONS: 'from the process' },
        { cwd: dir },
      );
    });
    afterAll(() => server?.stop());

    it('takes what only .env sets, and lets the process environment win', async () => {
      expect((await bare(server.baseUrl)).body.error.code).toBe(-32020);
      const res = await mcp(server.baseUrl, 'server/discover');
      expect(res.body.result.instructions).toBe('from the process');
    });
  });

  it('checks .env like the environment: one line per problem, exit 1', async () => {
    writeEnv(['PORT=eighty', 'HANDLE_TTL_SECONDS=5']);
    const { code, stderr } = await run({ NODE_ENV: 'development' }, dir);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n').sort()).toEqual([
      'Invalid configuration: HANDLE_TTL_SECONDS must be an integer from 60 to 2592000',
      'Invalid configuration: PORT must be an integer from 0 to 65535',
    ]);
  });

  it('is not read under NODE_ENV=test, so test servers never see a developer’s .env', async () => {
    writeEnv(['MCP_INSTRUCTIONS=from .env', 'HANDLE_TTL_SECONDS=5']);
    const server = await startServerProcess({}, { cwd: dir });
    try {
      expect(await instructions(server.baseUrl)).not.toBe('from .env');
    } finally {
      await server.stop();
    }
  });
});

describe('the configuration phase of node dist/main.js', () => {
  it('loads nothing telemetry instruments or the server runs on, so telemetry can start after it', async () => {
    // What ServerConfiguration.load() resolves, seen by a module hook in a fresh process.
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = new Set();
      registerHooks({
        resolve(specifier, context, next) {
          const result = next(specifier, context);
          const pkg = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url);
          if (pkg) loaded.add(pkg[1]);
          return result;
        },
      });
      const { ServerConfiguration } = await import(${JSON.stringify(resolve('dist/server-configuration.js'))});
      await ServerConfiguration.load({});
      process.stdout.write(JSON.stringify([...loaded]));
    `;
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((done) => child.once('exit', done));
    const loaded = JSON.parse(out) as string[];
    expect(loaded).toContain('@nestjs/config');
    expect(
      loaded.filter((pkg) =>
        /^(@nestjs\/(core|platform-express)|express|ioredis|bullmq|jose|@azure\/.*|@opentelemetry\/.*)$/.test(
          pkg,
        ),
      ),
    ).toEqual([]);
  });
});

/** Runs `node dist/main.js` in `cwd` with only `env` (and PATH) until it exits. */
function run(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [resolve('dist/main.js')], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stderr: string }>((done) =>
    child.once('exit', (code) => done({ code, stderr })),
  );
}
