import { IsOptional, Matches } from 'class-validator';
import { EnvList } from '../config/env-transforms.js';
import { RequiredInProduction } from '../config/required-in-production.js';

/**
 * What `HANDLE_SIGNING_KEYS` expects, as a boot error says it (never the value). 32 bytes: HS256
 * keys must be at least as long as the hash (RFC 7518 §3.2), checked by `SigningKeyRing`.
 */
export const SIGNING_KEYS_EXPECTED =
  'HANDLE_SIGNING_KEYS entries are kid:base64 with ≥ 32-byte keys, comma-separated';

/** `kid:base64key`, the key at least 32 bytes once decoded (checked when the keys are loaded). */
const SIGNING_KEY = /^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/_-]+={0,2}$/;

/** The deployment's signing keys, shared by handles and MRTR requestState. */
export class KeysEnvironment {
  /**
   * Comma-separated `kid:base64key` (each key ≥ 32 bytes). The first signs, all verify, so a new key
   * goes first and the old one stays until its handles have expired. Also seals MRTR requestState.
   */
  @RequiredInProduction()
  @IsOptional()
  @EnvList()
  @Matches(SIGNING_KEY, { each: true, message: SIGNING_KEYS_EXPECTED })
  HANDLE_SIGNING_KEYS: string[] = [];
}
