import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { MCP_ENVIRONMENTS, validateMcpEnvironment } from './mcp-environment.js';
import { ConfigError } from './validate-env.js';

const SERVER_FILES = (
  JSON.parse(readFileSync('scripts/server-files.json', 'utf8')) as {
    files: string[];
  }
).files;

/** The environment classes declared by the package's `*.env.ts` files (not the server's). */
function packageEnvironmentClasses(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return packageEnvironmentClasses(path);
    if (!entry.name.endsWith('.env.ts')) return [];
    if (SERVER_FILES.some((glob) => matchesGlob(path, glob))) return [];
    return [
      ...readFileSync(path, 'utf8').matchAll(
        /export class (\w+Environment)\b/g,
      ),
    ].map((m) => m[1]);
  });
}

describe(validateMcpEnvironment.name, () => {
  it('checks every environment class of the package, so no bad variable ends in a stack trace', () => {
    // The three with cross-checks are validated by name inside validateMcpEnvironment.
    const checked = new Set([
      ...MCP_ENVIRONMENTS.map((cls) => cls.name),
      'ProtocolEnvironment',
      'AuthEnvironment',
      'KeysEnvironment',
    ]);
    const found = packageEnvironmentClasses();
    expect(found).toContain('HandlesEnvironment');
    expect(found.filter((name) => !checked.has(name))).toEqual([]);
  });

  it('reports every problem at once, one line per variable, never a value', () => {
    let error: unknown;
    try {
      validateMcpEnvironment({
        TASKS_TTL_MS: '5',
        HANDLE_BACKEND: 'redis',
        MCP_MAX_BODY_BYTES: 'lots-of-bytes',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('TASKS_TTL_MS '))).toBe(true);
    expect(problems.some((p) => p.startsWith('MCP_MAX_BODY_BYTES '))).toBe(
      true,
    );
    expect(problems).toContain(
      'REDIS_URL is required when HANDLE_BACKEND=redis',
    );
    expect(problems.join('\n')).not.toContain('lots-of-bytes');
  });

  it('accepts an empty environment (every setting has a default outside production)', () => {
    expect(() => validateMcpEnvironment({})).not.toThrow();
  });
});
