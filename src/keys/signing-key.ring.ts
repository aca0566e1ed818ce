import { Logger } from '@nestjs/common';
import { hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../config/validate-env.js';
import { type KeysEnvironment, SIGNING_KEYS_EXPECTED } from './keys.env.js';

/** Shortest key accepted: HS256 keys must be at least as long as the hash (RFC 7518 §3.2). */
export const MIN_KEY_BYTES = 32;

/**
 * The deployment's signing keys (`HANDLE_SIGNING_KEYS`): the first signs, every one verifies, so a new
 * key goes first and the old one stays until the handles it signed have expired. Every instance and
 * both slots must share the same keys, or a handle minted on one cannot be opened on another.
 */
export class SigningKeyRing {
  private constructor(
    /** Raw keys by key id, signing key first. */
    readonly keys: ReadonlyMap<string, Buffer>,
    /** False when the keys were generated for this process only. */
    readonly shared: boolean,
  ) {}

  /** Key id of the key that signs. */
  get signingKid(): string {
    return this.keys.keys().next().value!;
  }

  /**
   * Loads the keys from the environment. Production never gets here without keys (`validateEnv`
   * refuses `HANDLE_SIGNING_KEYS`, `@RequiredInProduction`); elsewhere a random per-process key is
   * generated and a warning says what that costs.
   * @throws ConfigError naming the entry at fault, never its value.
   */
  static fromEnv(
    env: KeysEnvironment,
    logger = new Logger('HandleKeys'),
  ): SigningKeyRing {
    if (env.HANDLE_SIGNING_KEYS.length > 0)
      return new SigningKeyRing(parseKeys(env.HANDLE_SIGNING_KEYS), true);
    logger.warn(
      'HANDLE_SIGNING_KEYS is not set: using a random key for this process only. Handles and requestState ' +
        'will not survive a restart and no other instance can open them.',
    );
    return new SigningKeyRing(
      new Map([['ephemeral', randomBytes(MIN_KEY_BYTES)]]),
      false,
    );
  }

  /**
   * Checks the keys as `fromEnv` would load them, without loading them (the boot checks).
   * @throws ConfigError naming the entry at fault, never its value.
   */
  static check(env: KeysEnvironment): void {
    parseKeys(env.HANDLE_SIGNING_KEYS);
  }

  /**
   * A key for one use of the ring (`label`), derived with HKDF-SHA256 from each key, under the same
   * key ids: a token minted for one purpose can never verify as another kind of token.
   */
  derive(label: string): ReadonlyMap<string, Buffer> {
    const derived = new Map<string, Buffer>();
    for (const [kid, key] of this.keys) {
      derived.set(
        kid,
        Buffer.from(
          hkdfSync(
            'sha256',
            key,
            Buffer.alloc(0),
            `stateless-mcp-nest/${label}`,
            32,
          ),
        ),
      );
    }
    return derived;
  }
}

function parseKeys(entries: readonly string[]): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const kid = entry.slice(0, colon);
    // Accept standard and URL-safe base64: both are common ways to paste a random key.
    const key = Buffer.from(
      entry
        .slice(colon + 1)
        .replace(/-/g, '+')
        .replace(/_/g, '/'),
      'base64',
    );
    if (key.length < MIN_KEY_BYTES) {
      throw new ConfigError([
        `${SIGNING_KEYS_EXPECTED}: entry ${i + 1} (kid ${kid}) is shorter than ${MIN_KEY_BYTES} bytes`,
      ]);
    }
    if (keys.has(kid))
      throw new ConfigError([
        `HANDLE_SIGNING_KEYS repeats kid ${kid}: each entry needs its own kid`,
      ]);
    keys.set(kid, key);
  }
  return keys;
}
