import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import {
  checkBootEnvironment,
  SERVER_ENVIRONMENTS,
} from './boot-environment.js';
import { getMetadataStorage } from 'class-validator';
import { ConfigError } from './config/index.js';

const SERVER_FILES = (
  JSON.parse(readFileSync('scripts/server-files.json', 'utf8')) as {
    files: string[];
  }
).files;

/** Every `*.env.ts` of the server's files under src/, with the environment classes it declares. */
function environmentClasses(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return environmentClasses(path);
    if (!entry.name.endsWith('.env.ts')) return [];
    if (!SERVER_FILES.some((glob) => matchesGlob(path, glob))) return [];
    return [
      ...readFileSync(path, 'utf8').matchAll(
        /export class (\w+Environment)\b/g,
      ),
    ].map((m) => m[1]);
  });
}

describe(checkBootEnvironment.name, () => {
  it("checks every environment class of the server's own files (the package checks its own)", () => {
    const checked = new Set(SERVER_ENVIRONMENTS.map((cls) => cls.name));
    const found = environmentClasses();
    expect(found).toContain('ServerEnvironment');
    expect(found.filter((name) => !checked.has(name))).toEqual([]);
  });

  it('reports every problem at once, one line per variable, never a value', () => {
    let error: unknown;
    try {
      checkBootEnvironment({
        PORT: 'abc',
        TASKS_TTL_MS: '5',
        HANDLE_BACKEND: 'redis',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('PORT '))).toBe(true);
    expect(problems.some((p) => p.startsWith('TASKS_TTL_MS '))).toBe(true);
    expect(problems).toContain(
      'REDIS_URL is required when HANDLE_BACKEND=redis',
    );
    expect(problems.join('\n')).not.toContain('abc');
  });

  it("has every variable of the server's own classes in .env.example and docs/configuration.md (the package's: src/mcp/mcp-options.from-env.spec.ts)", () => {
    const example = readFileSync('.env.example', 'utf8');
    const docs = readFileSync('docs/configuration.md', 'utf8');
    const variables = SERVER_ENVIRONMENTS.flatMap((cls) => [
      ...Object.keys(new cls()),
      ...getMetadataStorage()
        .getTargetValidationMetadatas(cls, '', true, false)
        .map((rule) => rule.propertyName),
    ]);
    expect(
      [...new Set(variables)].filter(
        (name) =>
          !new RegExp(`^# ${name}=`, 'm').test(example) ||
          !docs.includes(`\`${name}\``),
      ),
    ).toEqual([]);
  });
});
