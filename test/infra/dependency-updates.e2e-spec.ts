import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { readRepoFile } from './support/repo-files.js';

interface UpdateEntry {
  'package-ecosystem': string;
  schedule: { interval: string };
  groups?: Record<string, { patterns: string[] }>;
}

const pkg = JSON.parse(readRepoFile('package.json')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const config = parseYaml(readRepoFile('.github/dependabot.yml')) as {
  updates: UpdateEntry[];
};
const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm')!;

/** Dependabot's group patterns: `*` matches any run of characters. */
const matches = (pattern: string, name: string): boolean =>
  new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\/@-]/g, '\\$&').replace(/\*/g, '.*')}$`,
  ).test(name);

describe('dependency updates (.github/dependabot.yml)', () => {
  it('updates npm packages and GitHub Actions weekly', () => {
    expect(npm.schedule.interval).toBe('weekly');
    const actions = config.updates.find(
      (u) => u['package-ecosystem'] === 'github-actions',
    );
    expect(actions?.schedule.interval).toBe('weekly');
  });

  it('puts every dependency in exactly one group', () => {
    const groups = Object.entries(npm.groups ?? {});
    const names = [
      ...Object.keys(pkg.dependencies),
      ...Object.keys(pkg.devDependencies),
    ];
    const placement = names.map((name) => [
      name,
      groups
        .filter(([, g]) => g.patterns.some((p) => matches(p, name)))
        .map(([group]) => group),
    ]);
    expect(placement.filter(([, found]) => found.length !== 1)).toEqual([]);
  });

  it('keeps the pattern matcher honest', () => {
    expect(matches('@nestjs/*', '@nestjs/core')).toBe(true);
    expect(matches('@nestjs/*', '@nestjsx/core')).toBe(false);
    expect(matches('eslint-*', 'eslint')).toBe(false);
  });
});

describe('one Node line everywhere (22, what App Service runs)', () => {
  const major = readRepoFile('.nvmrc').trim();

  it('.nvmrc, engines, the workflow and the App Service stack agree', () => {
    expect(major).toBe('22');
    expect(pkg.engines.node).toMatch(new RegExp(`^\\^${major}\\.`));
    expect(readRepoFile('.github/workflows/release.yml')).not.toMatch(
      /node-version: (?!22\b)/,
    );
    expect(readRepoFile('infra/main.bicep')).toContain(
      `param nodeVersion string = '${major}-lts'`,
    );
    expect(pkg.devDependencies['@types/node']).toMatch(
      new RegExp(`^\\^${major}\\.`),
    );
  });

  it('.ci/run brings Node 22 where the machine has an older one', () => {
    const run = readRepoFile('.ci/run');
    expect(run).toContain('want=$(cat .nvmrc)');
    expect(run).toContain('"node@$want"');
  });
});
