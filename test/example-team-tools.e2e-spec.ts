import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { extractFences } from './support/doc-snippets.js';
import { mcp } from './support/mcp-request.js';
import {
  type ServerProcess,
  startServerProcess,
} from './support/server-process.js';

// examples/team-tools is a team's application built on the package (`import … from
// '@stateless-mcp/nest'`). Standalone, it installs the packed tarball and runs its own suite
// (test/package.e2e-spec.ts); here `npm run build` compiles it against the workspace link
// (node_modules/@stateless-mcp/nest → packages/nest), as `npm run example` runs it. This suite runs
// that build as a real process and drives it over HTTP, and checks that the README's "Add a tool"
// snippets, shortened files of that example, still compile.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = 'examples/team-tools';
const SCRIPT = `${EXAMPLE}/dist/main.js`;
const ALICE = 'alice-0f3c9a7e5d1b4c2a8e6f';
const BOB = 'bob-7d2e4b9c1a6f3e8d5c0b';
const KEYS = `alice:admin:${ALICE},bob:user:${BOB}`;

const hasCurl = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const as = (key: string) => ({ extraHeaders: { 'X-Api-Key': key } });

/** Runs the built example with `env` until it exits (it is expected to refuse to start). */
function runToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [SCRIPT],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (err, stdout, stderr) =>
        done({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

describe('examples/team-tools (npm run example), as a real process', () => {
  let server: ServerProcess;
  const call = (key: string, name: string, args: Record<string, unknown>) =>
    mcp(server.baseUrl, 'tools/call', { name, arguments: args }, as(key));
  const listed = async (key: string) =>
    (
      (await mcp(server.baseUrl, 'tools/list', {}, as(key))).body.result
        .tools as { name: string }[]
    ).map((t) => t.name);
  const auditLog = async () =>
    (await call(ALICE, 'team_audit_log', {})).body.result.structuredContent
      .entries as { tool: string; subject: string; outcome: string }[];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, SCRIPT)))
      throw new Error(`${SCRIPT} is missing: run npm run build first`);
    server = await startServerProcess(
      { TEAM_API_KEYS: KEYS },
      { script: SCRIPT },
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('imports the package only through its entry point, as another repository would', () => {
    const sources = ['src', 'test'].flatMap((sub) =>
      readdirSync(join(ROOT, EXAMPLE, sub))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(ROOT, EXAMPLE, sub, f)),
    );
    const imports = sources.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => ({
        file: f,
        specifier: m[1],
      })),
    );
    const specifiers = imports.map((i) => i.specifier);
    expect(specifiers).toContain('@stateless-mcp/nest');
    expect(specifiers).toContain('@stateless-mcp/nest/testing');
    // Relative imports stay inside the example's own folder (its tests import its src/).
    const outside = imports.filter(
      ({ file, specifier }) =>
        specifier.startsWith('.') &&
        !resolve(dirname(file), specifier).startsWith(
          `${join(ROOT, EXAMPLE)}/`,
        ),
    );
    expect(outside).toEqual([]);
    expect(specifiers).toContain('../src/app.module.js');
  });

  it('refuses to start without TEAM_API_KEYS, in one line', async () => {
    const run = await runToExit({ NODE_ENV: 'test' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('TEAM_API_KEYS is not set'),
    ]);
  });

  it('refuses a malformed TEAM_API_KEYS without echoing any key', async () => {
    const run = await runToExit({
      NODE_ENV: 'test',
      TEAM_API_KEYS: `alice:admin:${ALICE},bob:user:short-secret`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/entry 2 \(bob\).*at least 16 characters/);
    expect(run.stderr + run.stdout).not.toContain('short-secret');
    expect(run.stderr + run.stdout).not.toContain(ALICE);
  });

  it('answers a request without a valid X-Api-Key with 401 and a JSON-RPC error', async () => {
    for (const options of [{}, as('not-a-key-of-anyone-here')]) {
      const res = await mcp(server.baseUrl, 'tools/list', {}, options);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        jsonrpc: '2.0',
        error: { message: 'A valid X-Api-Key header is required' },
      });
    }
  });

  it('team_greet: the zod default, a custom greeting', async () => {
    const plain = await call(BOB, 'team_greet', { name: 'Ada' });
    expect(plain.status).toBe(200);
    expect(plain.body.result.content).toEqual([
      { type: 'text', text: 'Hello, Ada!' },
    ]);
    const custom = await call(ALICE, 'team_greet', {
      name: 'Grace',
      greeting: 'Good morning',
    });
    expect(custom.body.result.content[0].text).toBe('Good morning, Grace!');
  });

  it('team_greet: bad arguments are an isError result naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'x'.repeat(51) }, /arguments\/name must NOT have more than 50/],
      [{ name: '' }, /arguments\/name must NOT have fewer than 1/],
      [{}, /must have required property 'name'/],
      [{ name: 'Ada', greeting: 7 }, /arguments\/greeting must be string/],
      [{ name: 'Ada', colour: 'red' }, /additional properties.*colour/],
      [{ name: '   ' }, /^name must not be blank$/],
    ];
    for (const [args, message] of cases) {
      const res = await call(BOB, 'team_greet', args);
      expect(res.status).toBe(200);
      expect(res.body.result.isError).toBe(true);
      expect(res.body.result.content[0].text).toMatch(message);
    }
  });

  it('team_admin_reset: alice (admin) resets, bob gets the 403 JSON-RPC denial', async () => {
    const alice = await call(ALICE, 'team_admin_reset', {});
    expect(alice.status).toBe(200);
    expect(alice.body.result.structuredContent).toEqual({ reset: true });
    const bob = await call(BOB, 'team_admin_reset', {});
    expect(bob.status).toBe(403);
    expect(bob.body.error).toEqual({
      code: -32600,
      message: 'Forbidden: you may not use tool team_admin_reset',
    });
  });

  it("lists the admin tools to alice only: bob's tools/list leaves them out", async () => {
    expect((await listed(ALICE)).sort()).toEqual([
      'team_admin_reset',
      'team_audit_log',
      'team_greet',
      'team_report',
      'team_ticket',
    ]);
    expect((await listed(BOB)).sort()).toEqual([
      'team_greet',
      'team_report',
      'team_ticket',
    ]);
  });

  it('team_audit_log: every tool call with its caller and outcome, newest first', async () => {
    await call(BOB, 'team_greet', { name: 'Ada' });
    await call(BOB, 'team_admin_reset', {});
    await call(BOB, 'team_greet', { name: ' ' });
    await call(ALICE, 'team_admin_reset', {});
    await call(BOB, 'team_audit_log', {});
    const entries = await auditLog();
    expect(entries.slice(0, 5)).toEqual([
      { tool: 'team_audit_log', subject: 'bob', outcome: 'denied' },
      { tool: 'team_admin_reset', subject: 'alice', outcome: 'ok' },
      { tool: 'team_greet', subject: 'bob', outcome: 'error' },
      { tool: 'team_admin_reset', subject: 'bob', outcome: 'denied' },
      { tool: 'team_greet', subject: 'bob', outcome: 'ok' },
    ]);
    // The read itself is audited once it has answered.
    expect((await auditLog())[0]).toEqual({
      tool: 'team_audit_log',
      subject: 'alice',
      outcome: 'ok',
    });
  });

  it('team_audit_log keeps the last 50 calls only', async () => {
    for (let i = 0; i < 55; i++) await call(BOB, 'team_greet', { name: 'n' });
    const entries = await auditLog();
    expect(entries).toHaveLength(50);
    expect(new Set(entries.map((e) => e.tool))).toEqual(
      new Set(['team_greet']),
    );
  });

  // CI installs curl (.ci/run); elsewhere this check needs it on PATH.
  (hasCurl || process.env.CI ? it : it.skip)(
    "runs the calls of the example's README as written",
    async () => {
      const readme = readFileSync(join(ROOT, EXAMPLE, 'README.md'), 'utf8');
      const fence = extractFences(`${EXAMPLE}/README.md`, readme).find(
        (f) => f.lang === 'bash' && f.code.startsWith('mcp() {'),
      );
      expect(fence?.code).toContain('http://localhost:8100/mcp');
      const code = fence!.code.replaceAll(
        'http://localhost:8100/mcp',
        server.url,
      );
      const stdout = await new Promise<string>((done, fail) =>
        execFile(
          'bash',
          ['--noprofile', '--norc', '-euo', 'pipefail', '-c', code],
          {
            env: { PATH: process.env.PATH, ALICE_KEY: ALICE, BOB_KEY: BOB },
            timeout: 30_000,
          },
          (err, out, stderr) => (err ? fail(new Error(stderr)) : done(out)),
        ),
      );
      const answers = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(answers).toHaveLength(9);
      const [noKey, hello, hi, bad, reset, denied, ticket, bobList, log] =
        answers;
      expect(noKey.error.message).toBe('A valid X-Api-Key header is required');
      expect(hello.result.content[0].text).toBe('Hello, Ada!');
      expect(hi.result.content[0].text).toBe('Hi, Ada!');
      expect(bad.result.isError).toBe(true);
      expect(bad.result.content[0].text).toContain('arguments/name');
      expect(reset.result.structuredContent).toEqual({ reset: true });
      expect(denied.error.code).toBe(-32600);
      expect(ticket.result.structuredContent).toMatchObject({
        title: 'VPN drops',
        priority: 'normal',
        reporter: 'bob',
      });
      expect(ticket.result.content[1].text).toMatch(
        /^Ticket T-\d+ filed: "VPN drops" \(normal priority\), reported by bob\.$/,
      );
      expect(bobList.result.tools.map((t: { name: string }) => t.name)).toEqual(
        ['team_greet', 'team_report', 'team_ticket'],
      );
      expect(log.result.structuredContent.entries.slice(0, 2)).toEqual([
        { tool: 'team_ticket', subject: 'bob', outcome: 'ok' },
        { tool: 'team_admin_reset', subject: 'bob', outcome: 'denied' },
      ]);
    },
  );

  it('never writes a key to its output', () => {
    expect(server.output()).toContain('team-tools MCP endpoint: http://');
    expect(server.output()).not.toContain(ALICE);
    expect(server.output()).not.toContain(BOB);
  });
});

/** The README's "Add a tool" section, between its markers. */
function addAToolSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match =
    /<!-- add-a-tool:start -->([\s\S]*?)<!-- add-a-tool:end -->/.exec(readme);
  if (!match) throw new Error('README.md has no add-a-tool markers');
  return match[1];
}

describe('README "Add a tool": its snippets are the example, shortened, and compile', () => {
  const section = addAToolSection();
  const snippets = extractFences('README.md', section).filter(
    (f) => f.lang === 'ts',
  );

  it('points to the example and how to run it', () => {
    expect(section).toContain(`${EXAMPLE}`);
    expect(section).toContain('npm run example');
    expect(snippets.length).toBeGreaterThanOrEqual(3);
  });

  it('type-checks each snippet in the place of the example file it names, against the package entry point', () => {
    // Each ```ts fence opens with `// examples/team-tools/src/<file>.ts`: it is compiled as that
    // file (shadowing it), beside the example's other files, with the example's tsconfig, so
    // `'@stateless-mcp/nest'` resolves as the example's own imports do (the built package's
    // dist/index.d.ts, through the workspace link).
    const files = new Map<string, string>();
    for (const fence of snippets) {
      const path = /^\/\/ (examples\/team-tools\/src\/[\w.-]+\.ts)\b/.exec(
        fence.code,
      )?.[1];
      if (!path)
        throw new Error(
          `README.md "Add a tool" ts fence must open with "// ${EXAMPLE}/src/<file>.ts":\n${fence.code}`,
        );
      expect(existsSync(join(ROOT, path))).toBe(true);
      files.set(resolve(ROOT, path), fence.code);
    }
    if (!existsSync(join(ROOT, 'packages/nest/dist/index.d.ts')))
      throw new Error(
        'packages/nest/dist/index.d.ts is missing: run npm run build first',
      );

    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, EXAMPLE, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const options = { ...config.options, noEmit: true };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => files.get(resolve(name)) ?? readFile(name);
    host.getSourceFile = (name, language, ...rest) => {
      const text = files.get(resolve(name));
      return text === undefined
        ? getSourceFile(name, language, ...rest)
        : ts.createSourceFile(name, text, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => '\n',
      }),
    ).toBe('');
  });
});
