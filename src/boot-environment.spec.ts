import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkBootEnvironment,
  SERVER_ENVIRONMENTS,
} from './boot-environment.js';
import { getMetadataStorage } from 'class-validator';
import { ConfigError } from './config/validate-env.js';
import { MCP_SETTINGS } from './mcp/mcp-settings.map.js';

/** Every `*.env.ts` under src/, with the environment classes it declares. */
function environmentClasses(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return environmentClasses(path);
    if (!entry.name.endsWith('.env.ts')) return [];
    return [
      ...readFileSync(path, 'utf8').matchAll(
        /export class (\w+Environment)\b/g,
      ),
    ].map((m) => m[1]);
  });
}

describe(checkBootEnvironment.name, () => {
  it('checks every environment class of the server, so no bad variable ends in a stack trace', () => {
    // The server's own classes, and those of the MCP layer (validateMcpSettings).
    const checked = new Set(
      [...SERVER_ENVIRONMENTS, ...MCP_SETTINGS.keys()].map((cls) => cls.name),
    );
    expect(environmentClasses().filter((name) => !checked.has(name))).toEqual(
      [],
    );
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

  it('has every variable in .env.example and docs/configuration.md', () => {
    const example = readFileSync('.env.example', 'utf8');
    const docs = readFileSync('docs/configuration.md', 'utf8');
    const variables = [...SERVER_ENVIRONMENTS, ...MCP_SETTINGS.keys()].flatMap(
      (cls) => [
        ...Object.keys(new cls()),
        ...getMetadataStorage()
          .getTargetValidationMetadatas(cls, '', true, false)
          .map((rule) => rule.propertyName),
      ],
    );
    expect(
      [...new Set(variables)].filter(
        (name) =>
          !new RegExp(`^# ${name}=`, 'm').test(example) ||
          !docs.includes(`\`${name}\``),
      ),
    ).toEqual([]);
  });
});
