import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from './support/free-port.js';

/** Runs `node dist/main.js` with only `env` (and PATH) and collects how it ended. */
async function boot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', resolve),
  );
  return { code, stdout, stderr };
}

describe('a configuration a person got wrong stops the server with lines they can act on', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535'],
    [
      { HANDLE_BACKEND: 'redis' },
      'REDIS_URL is required when HANDLE_BACKEND=redis',
    ],
    [
      { HANDLE_SIGNING_KEYS: `k1:${randomBytes(16).toString('base64')}` },
      'HANDLE_SIGNING_KEYS entries are kid:base64 with ≥ 32-byte keys, comma-separated: entry 1 (kid k1) is shorter than 32 bytes',
    ],
    [
      { HANDLE_SIGNING_KEYS: 'no-colon-here' },
      'HANDLE_SIGNING_KEYS entries are kid:base64 with ≥ 32-byte keys, comma-separated',
    ],
  ])(
    '%j → one line, exit 1, no stack trace',
    async (env, line) => {
      const { code, stdout, stderr } = await boot({
        PORT: String(await freePort()),
        ...env,
      });
      expect(code).toBe(1);
      expect(stderr).toBe(`Invalid configuration: ${line}\n`);
      expect(stdout).toBe('');
    },
    30_000,
  );

  it('reports every bad variable at once, one line each, never a value', async () => {
    const secret = randomBytes(12).toString('hex');
    const { code, stderr } = await boot({
      PORT: `x${secret}`,
      HANDLE_TTL_SECONDS: '5',
      TELEMETRY_SAMPLING_RATIO: '2',
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${secret}`,
      MCP_AUTH_ISSUER: 'https://issuer.example',
    });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n').sort()).toEqual(
      [
        'PORT must be an integer from 0 to 65535',
        'HANDLE_TTL_SECONDS must be an integer from 60 to 2592000',
        'TELEMETRY_SAMPLING_RATIO must be a number from 0 to 1',
        'APPLICATIONINSIGHTS_CONNECTION_STRING must contain InstrumentationKey=<GUID> (copy it from the Application Insights resource)',
        'MCP_AUTH_ISSUER and MCP_AUTH_AUDIENCE turn authorization on together; set both or neither',
      ]
        .map((l) => `Invalid configuration: ${l}`)
        .sort(),
    );
    expect(stderr).not.toContain(secret);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
