import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ChildProcess,
  execFile,
  execFileSync,
  spawn,
} from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenLinks, headingSlug } from './support/doc-links.js';
import {
  dropCommand,
  extractFences,
  type Fence,
  isShellFence,
  planSnippet,
  rewriteLocalServer,
  usesLocalServer,
} from './support/doc-snippets.js';
import { freePort } from './support/free-port.js';
import { copyRepo, type RepoCopy } from './support/repo-copy.js';
import { waitFor } from './support/wait-for.js';

// Every command in the README and in docs/ runs as written: this suite runs their shell fences
// (see test/support/doc-snippets.ts for the markers that start the server or explain a skip) in
// a copy of the repository, against a server started from the README's own command on a free
// port, and checks every relative link and anchor between the pages.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const fences = DOCS.flatMap((file) =>
  extractFences(file, readFileSync(join(ROOT, file), 'utf8')),
).filter(isShellFence);
const plans = new Map(fences.map((f) => [f, planSnippet(f.marker)]));
const label = (f: Fence) => `${f.file}:${f.line}`;

/** System tools the snippets call; `.ci/run` installs them. Outside CI a missing one skips its fences. */
const TOOLS = ['curl', 'jq'];
const onPath = (tool: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missingTools = TOOLS.filter((t) => !onPath(t));
const IN_CI = !!process.env.CI;
const missingFor = (code: string) =>
  missingTools.filter((t) =>
    new RegExp(`(^|[\\s|;(&$])${t}\\b`, 'm').test(code),
  );

/** What a snippet's run sees: a plain environment, nothing of the test runner's. */
function snippetEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? tmpdir(),
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    ...extra,
  };
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a fence as one bash script that stops at the first failing command. */
function runBash(code: string, cwd: string, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', code],
      {
        cwd,
        env: snippetEnv(),
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const exit = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
  });
}

/** The long-running server the README's command starts, in its own process group. */
class SnippetServer {
  private log = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (c: Buffer) => (this.log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.log += c.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(code: string, cwd: string): Promise<SnippetServer> {
    const port = await freePort();
    // PORT and HOST are the server's own settings: the command itself runs unchanged.
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-c', code], {
      cwd,
      env: snippetEnv({ PORT: String(port), HOST: '127.0.0.1' }),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new SnippetServer(child, port);
    await server.waitUntilHealthy(150_000);
    return server;
  }

  output(): string {
    return this.log;
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    try {
      await waitFor(
        () => {
          if (this.child.exitCode !== null)
            throw new Error(
              `the server command exited with ${this.child.exitCode}:\n${this.log}`,
            );
          return fetch(`http://127.0.0.1:${this.port}/healthz`).then(
            (res) => res.ok,
            () => false, // not listening yet (still building)
          );
        },
        {
          what: () => `the server to answer /healthz; its output:\n${this.log}`,
          timeoutMs,
          everyMs: 250,
        },
      );
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * SIGTERM to the whole group (bash, npm, node), then waits until every member is gone (npm exits
   * at once, the server after its graceful shutdown); SIGKILL if one lingers.
   */
  async stop(): Promise<void> {
    const group = -this.child.pid!;
    const alive = () => {
      try {
        process.kill(group, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!alive()) return;
    process.kill(group, 'SIGTERM');
    await waitFor(() => !alive(), {
      what: `process group ${-group} to exit after SIGTERM`,
      timeoutMs: 15_000,
    }).catch(() => {
      if (alive()) process.kill(group, 'SIGKILL');
    });
    await this.exited;
  }
}

describe('the docs parsers (so the checks below can fail)', () => {
  it('runs an unmarked fence, skips a marked one, reads server and drop clauses', () => {
    const md = [
      '```bash',
      'echo unmarked',
      '```',
      '<!-- snippet: needs azure -->',
      '```sh',
      'azd up',
      '```',
      '<!-- snippet: server; drop "npm ci": CI ran it -->',
      '',
      '```bash',
      'npm ci && npm run build && npm start',
      '```',
    ].join('\n');
    const [plain, azure, server] = extractFences('x.md', md).map((f) => ({
      f,
      plan: planSnippet(f.marker),
    }));
    expect(plain.plan).toEqual({ skip: undefined, server: false, drops: [] });
    expect(azure.plan.skip).toBe('needs azure');
    expect(server.plan).toMatchObject({ server: true, skip: undefined });
    expect(dropCommand(server.f.code, 'npm ci')).toBe(
      'npm run build && npm start',
    );
    expect(() => dropCommand('npm start', 'npm ci')).toThrow(/not a command/);
    expect(() => planSnippet('server; needs k6')).toThrow(
      /both skips and runs/,
    );
  });

  it('rewrites only the local server address', () => {
    const code =
      'curl -s http://localhost:8000/mcp -d \'{"a":8000}\'; curl localhost:8000/x';
    expect(rewriteLocalServer(code, 4321)).toBe(
      'curl -s http://127.0.0.1:4321/mcp -d \'{"a":8000}\'; curl 127.0.0.1:4321/x',
    );
    expect(usesLocalServer('curl https://app.azurewebsites.net/mcp')).toBe(
      false,
    );
  });

  it('finds a missing file and a missing anchor, and slugs headings as GitHub does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-links-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(
      join(dir, 'docs', 'a.md'),
      '# A\n\n## OAuth 2.1 resource-server mode\n',
    );
    writeFileSync(
      join(dir, 'README.md'),
      [
        '[ok](docs/a.md#oauth-21-resource-server-mode) [web](https://example.com/x)',
        '[gone](docs/b.md) [bad anchor](docs/a.md#nope) `[code](docs/c.md)`',
        '```md',
        '[in a fence](docs/d.md)',
        '```',
      ].join('\n'),
    );
    try {
      expect(brokenLinks(dir, 'README.md').map((b) => b.target)).toEqual([
        'docs/b.md',
        'docs/a.md#nope',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(
      headingSlug('What CI checks without Azure, and what it cannot'),
    ).toBe('what-ci-checks-without-azure-and-what-it-cannot');
    expect(headingSlug('k6: `loadtest/k6-mcp.js`')).toBe('k6-loadtestk6-mcpjs');
  });
});

describe('links between the README and docs/', () => {
  it.each(DOCS)('%s: every relative link and anchor resolves', (file) => {
    expect(brokenLinks(ROOT, file)).toEqual([]);
  });

  it('the README links every page of docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const unlinked = DOCS.filter((f) => f !== 'README.md').filter(
      (f) => !readme.includes(`](${f})`),
    );
    expect(unlinked).toEqual([]);
  });
});

describe('shell snippets of the README and docs/ run as written', () => {
  const serverFences = fences.filter((f) => plans.get(f)!.server);
  let copy: RepoCopy | undefined;
  let server: SnippetServer | undefined;

  beforeAll(async () => {
    if (serverFences.length > 1)
      throw new Error(
        `one server fence expected: ${serverFences.map(label).join(', ')}`,
      );
    copy = copyRepo(ROOT);
    const [fence] = serverFences;
    if (fence) {
      const plan = plans.get(fence)!;
      const code = plan.drops.reduce(
        (c, d) => dropCommand(c, d.command),
        fence.code,
      );
      server = await SnippetServer.start(code, copy.dir);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    copy?.remove();
  }, 30_000);

  it('has a fence that starts the server', () => {
    expect(serverFences.map((f) => f.file)).toEqual(['README.md']);
  });

  it('the server started by the README serves MCP', async () => {
    expect(server).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${server!.port}/readyz`);
    expect(res.status).toBe(200);
  });

  for (const fence of fences) {
    const plan = plans.get(fence)!;
    if (plan.server) continue;
    const name = `${label(fence)}${plan.skip ? ` (not run: ${plan.skip})` : ''}`;
    const missing = missingFor(fence.code);
    if (plan.skip || (missing.length > 0 && !IN_CI)) {
      if (!plan.skip)
        console.warn(
          `docs snippet ${label(fence)} skipped: ${missing.join(', ')} missing (apt-get install -y ${missing.join(' ')})`,
        );
      it.skip(name, () => undefined);
      continue;
    }
    it(
      name,
      async () => {
        let code = plan.drops.reduce(
          (c, d) => dropCommand(c, d.command),
          fence.code,
        );
        if (usesLocalServer(code)) {
          if (!server)
            throw new Error('this snippet needs the server the README starts');
          code = rewriteLocalServer(code, server.port);
        }
        const ran = await runBash(code, copy!.dir, 45_000);
        const where = `${label(fence)} exited ${ran.code}\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}\n--- server\n${server?.output().slice(-2000) ?? ''}`;
        expect({ code: ran.code, where }).toEqual({ code: 0, where });
        if (/\bcurl\b/.test(code)) {
          // curl -s exits 0 on any HTTP answer: the body must be a success, not an error.
          expect(ran.stdout.trim()).not.toBe('');
          expect(ran.stdout).not.toMatch(
            /"error"\s*:\s*\{|"isError"\s*:\s*true|^null$/m,
          );
        }
      },
      60_000,
    );
  }
});
