import { CompactSign, compactVerify } from 'jose';
import { webcrypto } from 'node:crypto';
import { HandleError } from '../handle.error.js';
import { applyChange } from '../handle-change.js';
import type {
  HandleChange,
  HandleRecord,
  HandleScope,
  HandleState,
  HandleStore,
} from '../handle-store.interface.js';
import type { SigningKeyRing } from '../../keys/signing-key.ring.js';

/** `typ` of our tokens: a JWT (RFC 7519) used as an MCP handle. */
const TYP = 'mcp-handle+jwt';
/** Longest token we even try to verify: a handle carries small state. */
export const MAX_SIGNED_HANDLE_LENGTH = 4096;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Claims {
  iss: string;
  aud: string;
  sub?: string;
  iat: number;
  exp: number;
  st: HandleState;
}

/**
 * Self-contained handles: the state travels inside an HS256 JWS made with jose (a JWT with `iss`,
 * `aud` = the purpose, `sub` = the owner, `exp`, and the state in `st`; `kid` names the key). No
 * infrastructure, any instance with the same keys can continue any handle, and every change mints a
 * new token. Keys are imported into WebCrypto once at boot: importing per call costs more than the
 * signature itself.
 */
export class SignedHandleStore implements HandleStore {
  readonly kind = 'signed';

  private constructor(
    private readonly keys: ReadonlyMap<string, webcrypto.CryptoKey>,
    private readonly signingKid: string,
    private readonly issuer: string,
  ) {}

  /** Imports the ring's handle keys (derived, so they sign nothing else). */
  static async create(
    ring: SigningKeyRing,
    issuer: string,
  ): Promise<SignedHandleStore> {
    const keys = new Map<string, webcrypto.CryptoKey>();
    for (const [kid, raw] of ring.derive('handles/v1')) {
      const key = await webcrypto.subtle.importKey(
        'raw',
        raw,
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign', 'verify'],
      );
      keys.set(kid, key);
    }
    return new SignedHandleStore(keys, ring.signingKid, issuer);
  }

  create(
    scope: HandleScope,
    state: HandleState,
    ttlSeconds: number,
  ): Promise<HandleRecord> {
    return this.sign(scope, state, ttlSeconds);
  }

  async read(scope: HandleScope, handle: string): Promise<HandleRecord> {
    const claims = await this.verify(scope, handle);
    return { handle, state: claims.st, expiresAt: new Date(claims.exp * 1000) };
  }

  async update(
    scope: HandleScope,
    handle: string,
    change: HandleChange,
    ttlSeconds: number,
  ): Promise<HandleRecord> {
    const claims = await this.verify(scope, handle);
    return this.sign(scope, applyChange(claims.st, change), ttlSeconds);
  }

  async ping(): Promise<void> {}

  private async sign(
    scope: HandleScope,
    state: HandleState,
    ttlSeconds: number,
  ): Promise<HandleRecord> {
    const iat = Math.floor(Date.now() / 1000);
    const claims: Claims = {
      iss: this.issuer,
      aud: audience(scope.purpose),
      iat,
      exp: iat + ttlSeconds,
      st: state,
    };
    if (scope.owner !== undefined) claims.sub = scope.owner;
    const handle = await new CompactSign(encoder.encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'HS256', kid: this.signingKid, typ: TYP })
      .sign(this.keys.get(this.signingKid)!);
    return { handle, state, expiresAt: new Date(claims.exp * 1000) };
  }

  /**
   * Checks the signature first and trusts nothing in the token before it holds; then issuer,
   * purpose, owner and expiry. Which check failed is not told (opaque reasons), except expiry.
   */
  private async verify(scope: HandleScope, handle: string): Promise<Claims> {
    if (handle.length > MAX_SIGNED_HANDLE_LENGTH || !COMPACT_JWS.test(handle))
      throw new HandleError('malformed');
    // Only the canonical encoding: a base64url tail has spare bits, and a token that differs only
    // in them would still verify. Handles are compared as strings; keep them non-malleable.
    if (!handle.split('.').every(isCanonical)) throw new HandleError('invalid');
    let claims: Claims;
    try {
      const { payload, protectedHeader } = await compactVerify(
        handle,
        (header) => {
          const key =
            header.kid === undefined ? undefined : this.keys.get(header.kid);
          if (!key || header.alg !== 'HS256') throw new Error('no such key');
          return key;
        },
      );
      if (protectedHeader.typ !== TYP) throw new Error('not a handle');
      claims = JSON.parse(decoder.decode(payload)) as Claims;
    } catch {
      throw new HandleError('invalid');
    }
    if (
      claims.iss !== this.issuer ||
      claims.aud !== audience(scope.purpose) ||
      claims.sub !== scope.owner
    ) {
      throw new HandleError('invalid');
    }
    if (!(claims.exp * 1000 > Date.now())) throw new HandleError('expired');
    return claims;
  }
}

function isCanonical(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function audience(purpose: string): string {
  return `mcp-handle:${purpose}`;
}
