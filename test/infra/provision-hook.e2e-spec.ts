import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { validateEnv } from '../../src/config/validate-env.js';
import { KeysEnvironment } from '../../src/keys/keys.env.js';
import {
  MIN_KEY_BYTES,
  SigningKeyRing,
} from '../../src/keys/signing-key.ring.js';
import { FakeCommands } from './support/fake-commands.js';

const HOOK = 'scripts/azd/ensure-signing-key.sh';

/** The value the hook stored with `azd env set HANDLE_SIGNING_KEYS <value>`. */
function storedKeys(fakes: FakeCommands): string {
  const call = fakes
    .calls()
    .find((c) => c.startsWith('azd env set HANDLE_SIGNING_KEYS '));
  if (!call)
    throw new Error(`no azd env set call in ${JSON.stringify(fakes.calls())}`);
  return call.slice('azd env set HANDLE_SIGNING_KEYS '.length);
}

/** Loads keys the way the app does in production; throws when it would refuse them. */
function loadAsTheAppDoes(keys: string): SigningKeyRing {
  return SigningKeyRing.fromEnv(
    validateEnv(KeysEnvironment, {
      NODE_ENV: 'production',
      HANDLE_SIGNING_KEYS: keys,
    }),
  );
}

describe('preprovision hook: HANDLE_SIGNING_KEYS', () => {
  let fakes: FakeCommands;
  beforeEach(() => {
    fakes = new FakeCommands().add('azd', 'exit 0');
  });
  afterEach(() => fakes.dispose());

  it('generates one key the app accepts, named after the UTC date, into the azd environment', () => {
    const run = fakes.run(HOOK);
    expect(run.status).toBe(0);
    const keys = storedKeys(fakes);
    const ring = loadAsTheAppDoes(keys);
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect([...ring.keys.keys()]).toEqual([`k${today}`]);
    expect(ring.keys.get(`k${today}`)!.length).toBe(MIN_KEY_BYTES);
    expect(run.stdout + run.stderr).not.toContain(keys.split(':')[1]);
  });

  it('draws a fresh random key each time', () => {
    fakes.run(HOOK);
    const first = storedKeys(fakes);
    fakes.dispose();
    fakes = new FakeCommands().add('azd', 'exit 0');
    fakes.run(HOOK);
    expect(storedKeys(fakes)).not.toBe(first);
  });

  it('works without openssl (head /dev/urandom | base64)', () => {
    fakes.link('head', 'base64', 'tr', 'date');
    expect(fakes.run(HOOK, [], {}, true).status).toBe(0);
    expect(loadAsTheAppDoes(storedKeys(fakes)).keys.size).toBe(1);
  });

  it('never replaces keys the environment already has', () => {
    const run = fakes.run(HOOK, [], { HANDLE_SIGNING_KEYS: 'kold:existing' });
    expect(run.status).toBe(0);
    expect(fakes.calls()).toEqual([]);
  });

  it.each(['CI', 'GITHUB_ACTIONS', 'TF_BUILD'])(
    'refuses to generate keys under %s (it would rotate a live deployment)',
    (marker) => {
      const run = fakes.run(HOOK, [], { [marker]: 'true' });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/HANDLE_SIGNING_KEYS is not set/);
      expect(fakes.calls()).toEqual([]);
    },
  );
});
