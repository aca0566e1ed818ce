import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath, requireTool, toolsRequired } from './support/system-tools.js';

describe('requireTool (tests that need a system tool)', () => {
  it('finds a tool on PATH, and misses it when PATH lacks it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-tools-'));
    try {
      writeFileSync(join(dir, 'shellcheck'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, 'shellcheck'), 0o755);
      const said: string[] = [];
      const say = (line: string) => said.push(line);
      expect(
        requireTool('shellcheck', 'lint', { env: { PATH: dir }, say }),
      ).toBe(describe);
      expect(
        requireTool('shellcheck', 'the lint tests', {
          env: { PATH: '/nonexistent' },
          say,
        }),
      ).toBe(describe.skip);
      expect(said).toEqual([
        'skipped: the lint tests — shellcheck is missing (install: apt-get install -y shellcheck)',
      ]);
      expect(onPath('shellcheck', { PATH: `/nonexistent:${dir}` })).toBe(
        join(dir, 'shellcheck'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('looks for Chromium where CHROMIUM_PATH says, and takes an injected lookup', () => {
    const said: string[] = [];
    const say = (line: string) => said.push(line);
    expect(
      requireTool('chromium', 'the browser test', {
        env: { CHROMIUM_PATH: '/nonexistent/chromium' },
        say,
      }),
    ).toBe(describe.skip);
    expect(
      requireTool('chromium', 'x', {
        env: { CHROMIUM_PATH: process.execPath },
        say,
      }),
    ).toBe(describe);
    expect(
      // An explicit environment: under CI the process's own would make a missing tool fail.
      requireTool('nginx', 'the balancer tests', {
        env: {},
        lookup: () => false,
        say,
      }),
    ).toBe(describe.skip);
    expect(said).toEqual([
      'skipped: the browser test — Chromium is missing (install: apt-get install -y chromium)',
      'skipped: the balancer tests — nginx is missing (install: apt-get install -y nginx-light)',
    ]);
  });

  it('fails instead of skipping under CI or when .ci/run asks for every tool', () => {
    expect(toolsRequired({ CI: 'true' })).toBe(true);
    expect(toolsRequired({ CI: '1' })).toBe(true);
    expect(toolsRequired({ REQUIRE_SYSTEM_TOOLS: '1' })).toBe(true);
    expect(toolsRequired({ CI: 'false' })).toBe(false);
    expect(toolsRequired({})).toBe(false);
    const said: string[] = [];
    const strict = requireTool('openssl', 'x', {
      env: { CI: 'true', PATH: '' },
      say: (l) => said.push(l),
    });
    expect(strict).not.toBe(describe.skip);
    expect(strict).not.toBe(describe);
    expect(said).toEqual([]);
  });
});

describe('a Jest run on a machine without the tool', () => {
  // A PATH with node alone: shellcheck cannot be found, whatever this machine has.
  const bin = mkdtempSync(join(tmpdir(), 'node-only-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  const jest = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        '--experimental-vm-modules',
        'node_modules/jest/bin/jest.js',
        '--selectProjects',
        'fixtures',
        '--config',
        JSON.stringify({
          rootDir: process.cwd(),
          globalSetup: '<rootDir>/test/support/skipped-tools.setup.mjs',
          reporters: [
            'default',
            '<rootDir>/test/support/skipped-tools.reporter.mjs',
          ],
          projects: [
            {
              displayName: 'fixtures',
              rootDir: process.cwd(),
              testMatch: ['<rootDir>/test/fixtures/system-tools/*.fixture.ts'],
              extensionsToTreatAsEsm: ['.ts'],
              moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
              transform: {
                '^.+\\.ts$': [
                  'ts-jest',
                  { useESM: true, tsconfig: 'tsconfig.json' },
                ],
              },
              testEnvironment: 'node',
            },
          ],
        }),
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          PATH: bin,
          HOME: process.env.HOME ?? '/tmp',
          ...env,
        },
      },
    );

  it('skips the group with one line, passes, and sums the skips up at the end', () => {
    const run = jest({});
    expect(run.status).toBe(0);
    const line =
      'skipped: the fixture lint group — shellcheck is missing (install: apt-get install -y shellcheck)';
    expect(run.stderr.split('\n').filter((l) => l === line)).toHaveLength(1);
    expect(run.stderr).toContain(
      'Skipped for a missing system tool (1 group(s); CI=true makes these fail instead):\n  - the fixture lint group (needs shellcheck)\nInstall them and run again: apt-get install -y shellcheck',
    );
    expect(run.stderr).toMatch(/Tests: +1 skipped, 1 passed, 2 total/);
  }, 120_000);

  it('fails under CI=true, naming the tool and its install command', () => {
    const run = jest({ CI: 'true' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'shellcheck is missing (install: apt-get install -y shellcheck); CI runs every test',
    );
    expect(run.stderr).not.toContain('Skipped for a missing system tool');
  }, 120_000);
});
