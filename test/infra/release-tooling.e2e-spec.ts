import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { listRepoFiles, readRepoFile, repoPath } from './support/repo-files.js';
import { requireTool } from '../support/system-tools.js';

const workflows = listRepoFiles('.github/workflows', '.yml');
const shellScripts = [...listRepoFiles('scripts', '.sh'), '.ci/run'];

/** Runs @action-validator/cli (offline: the workflow JSON schema is compiled into its WASM). */
function actionValidator(path: string) {
  const cli = createRequire(import.meta.url).resolve(
    '@action-validator/cli/cli.mjs',
  );
  return spawnSync(process.execPath, [cli, path], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** Runs shellcheck (Debian package `shellcheck`), following sourced files. */
function shellcheck(...paths: string[]) {
  return spawnSync('shellcheck', ['--external-sources', ...paths], {
    encoding: 'utf8',
    cwd: repoPath(),
  });
}

/** Status and output of a linter run, `{ status: 0, output: '' }` when clean. */
function outcome(result: SpawnSyncReturns<string>): {
  status: number | null;
  output: string;
} {
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Exit status of a linter on a throwaway file holding `text`. */
function lintScratch(
  name: string,
  text: string,
  lint: (path: string) => SpawnSyncReturns<string>,
): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'infra-lint-'));
  try {
    writeFileSync(join(dir, name), text);
    return lint(join(dir, name)).status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withShellcheck = requireTool('shellcheck', 'the shell script lint tests');

describe('GitHub workflows', () => {
  it('finds the release workflow', () => {
    expect(workflows).toContain('.github/workflows/release.yml');
  });

  it.each(workflows)('%s passes action-validator', (path) => {
    expect(outcome(actionValidator(repoPath(path)))).toEqual({
      status: 0,
      output: '',
    });
  });

  it('action-validator rejects a broken workflow (the check above can fail)', () => {
    const broken =
      'name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n';
    expect(lintScratch('broken.yml', broken, actionValidator)).not.toBe(0);
  });
});

describe('release workflow', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, string>;
  }
  interface Workflow {
    on: { workflow_dispatch: { inputs: { action: { options: string[] } } } };
    permissions: Record<string, string>;
    jobs: Record<string, { if?: string; steps: Step[] }>;
  }
  let workflow: Workflow;
  let text: string;
  beforeAll(() => {
    text = readRepoFile('.github/workflows/release.yml');
    workflow = parseYaml(text) as Workflow;
  });

  const steps = (job: string) => workflow.jobs[job].steps;

  it('signs in with OpenID Connect only: id-token permission, azure/login from variables, no secrets', () => {
    expect(workflow.permissions).toEqual({
      'id-token': 'write',
      contents: 'read',
    });
    const logins = Object.keys(workflow.jobs).flatMap((job) =>
      steps(job).filter((s) => s.uses?.startsWith('azure/login@')),
    );
    expect(logins.length).toBeGreaterThan(0);
    for (const login of logins) {
      expect(login.with).toEqual({
        'client-id': '${{ vars.AZURE_CLIENT_ID }}',
        'tenant-id': '${{ vars.AZURE_TENANT_ID }}',
        'subscription-id': '${{ vars.AZURE_SUBSCRIPTION_ID }}',
      });
    }
    expect(text).not.toMatch(/secrets\.|client-secret|creds:/);
  });

  it('builds and tests, then deploys to staging, smoke-tests, swaps with preview and verifies', () => {
    const runs = steps('release').flatMap((s) => (s.run ? [s.run] : []));
    expect(steps('test').map((s) => s.run)).toEqual(
      expect.arrayContaining(['npm run build', 'npm test']),
    );
    expect(runs.filter((r) => r.startsWith('scripts/'))).toEqual([
      'scripts/release/deploy-staging.sh',
      'scripts/release/smoke.sh staging',
      'scripts/release/swap.sh',
    ]);
    expect(workflow.jobs.release).toMatchObject({ needs: 'test' });
  });

  it('offers a manual rollback', () => {
    expect(workflow.on.workflow_dispatch.inputs.action.options).toEqual([
      'release',
      'rollback',
    ]);
    expect(workflow.jobs.rollback.if).toMatch(/inputs\.action == 'rollback'/);
    expect(steps('rollback').map((s) => s.run)).toContain(
      'scripts/release/rollback.sh',
    );
  });

  it('runs only scripts that exist and are executable', () => {
    const scripts = Object.keys(workflow.jobs).flatMap((job) =>
      steps(job).flatMap((s) =>
        s.run?.startsWith('scripts/') ? [s.run.split(' ')[0]] : [],
      ),
    );
    for (const script of scripts)
      expect({
        script,
        mode: statSync(repoPath(script)).mode & 0o111,
      }).not.toEqual({ script, mode: 0 });
  });
});

withShellcheck('shell scripts', () => {
  it('finds the hook and release scripts', () => {
    expect(shellScripts).toEqual(
      expect.arrayContaining([
        'scripts/azd/ensure-signing-key.sh',
        'scripts/release/swap.sh',
        'scripts/release/lib.sh',
      ]),
    );
  });

  it.each(shellScripts)('%s passes shellcheck', (path) => {
    expect(outcome(shellcheck(path))).toEqual({ status: 0, output: '' });
  });

  it('shellcheck rejects a broken script (the check above can fail)', () => {
    const broken = '#!/bin/sh\nrm -rf $1/*\nif [ $x == 1 ]; then echo; fi\n';
    expect(lintScratch('broken.sh', broken, shellcheck)).not.toBe(0);
  });
});
