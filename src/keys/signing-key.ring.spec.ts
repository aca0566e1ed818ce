import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { ConfigError, validateEnv } from '../config/validate-env.js';
import { KeysEnvironment } from './keys.env.js';
import { SigningKeyRing } from './signing-key.ring.js';

const key = (byte: number, length = 32) =>
  Buffer.alloc(length, byte).toString('base64');
const ringOf = (env: Record<string, string>, logger?: Logger) =>
  SigningKeyRing.fromEnv(validateEnv(KeysEnvironment, env), logger);

describe(SigningKeyRing.name, () => {
  it('signs with the first key and keeps the others for verification', () => {
    const ring = ringOf({
      HANDLE_SIGNING_KEYS: `new:${key(1)}, old:${key(2, 64)}`,
    });
    expect(ring.signingKid).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
    expect(ring.shared).toBe(true);
  });

  it('accepts URL-safe base64 as well', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(
      ringOf({ HANDLE_SIGNING_KEYS: `k:${urlSafe}` }).keys.get('k'),
    ).toEqual(Buffer.alloc(32, 0xfb));
  });

  it.each([
    [
      'a key shorter than 32 bytes',
      `short:${key(1, 31)}`,
      /entry 1 \(kid short\) is shorter than 32 bytes/,
    ],
    ['a repeated key id', `a:${key(1)},a:${key(2)}`, /repeats kid a/],
  ])(
    'refuses %s, naming it but never printing the key',
    (_what, value, message) => {
      const attempt = () => ringOf({ HANDLE_SIGNING_KEYS: value });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
      expect(attempt).not.toThrow(value.split(':')[1]);
    },
  );

  it('refuses a malformed entry at validation, naming the variable only', () => {
    const attempt = () =>
      validateEnv(KeysEnvironment, { HANDLE_SIGNING_KEYS: 'no-colon-here' });
    expect(attempt).toThrow(/HANDLE_SIGNING_KEYS/);
    expect(attempt).not.toThrow(/no-colon-here/);
  });

  it.each([[{ NODE_ENV: 'production' }], [{ WEBSITE_INSTANCE_ID: 'abc123' }]])(
    'refuses to start in production without keys (%j)',
    (env) => {
      expect(() => ringOf(env)).toThrow(
        /HANDLE_SIGNING_KEYS is required in production/,
      );
    },
  );

  it('generates a per-process key locally, and says what that costs', () => {
    const warn = jest.fn();
    const ring = ringOf({ NODE_ENV: 'development' }, {
      warn,
    } as unknown as Logger);
    expect(ring.shared).toBe(false);
    expect(ring.keys.get(ring.signingKid)).toHaveLength(32);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/will not survive a restart/),
    );
  });

  it('derives a distinct key per use, the same on every instance', () => {
    const env = { HANDLE_SIGNING_KEYS: `k:${key(7)}` };
    const [a, b] = [ringOf(env), ringOf(env)];
    expect(a.derive('handles/v1').get('k')).toEqual(
      b.derive('handles/v1').get('k'),
    );
    expect(a.derive('handles/v1').get('k')).not.toEqual(
      a.derive('request-state/v1').get('k'),
    );
    expect(a.derive('handles/v1').get('k')).not.toEqual(a.keys.get('k'));
  });
});
