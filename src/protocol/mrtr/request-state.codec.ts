import { createHmac, timingSafeEqual } from 'node:crypto';

/** Thrown when a `requestState` fails verification: tampered, expired, or minted for another call. */
export class RequestStateError extends Error {
  override readonly name = 'RequestStateError';
}

const VERSION = 'rs1';

/**
 * Seals MRTR `requestState` (SEP-2322): the client echoes it back on the retry and MUST NOT be able
 * to alter it, so it is HMAC-SHA256 signed, bound to the call it was minted for (method + target),
 * and expires. Signed, not encrypted: put nothing secret in it. Verification is constant-time and
 * failure reasons are opaque.
 */
export class RequestStateCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly signingKid: string,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  seal(state: unknown, binding: string, now = Date.now()): string {
    const payload = Buffer.from(
      JSON.stringify({ s: state ?? null, b: binding, e: now + this.ttlMs }),
    ).toString('base64url');
    const head = `${VERSION}.${this.signingKid}.${payload}`;
    return `${head}.${this.mac(this.keys.get(this.signingKid)!, head)}`;
  }

  /** @throws RequestStateError when the token is not one we minted for this binding, or expired. */
  open(token: unknown, binding: string, now = Date.now()): unknown {
    if (typeof token !== 'string' || token.length > 64 * 1024)
      throw new RequestStateError();
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION)
      throw new RequestStateError();
    const key = this.keys.get(parts[1]);
    if (!key) throw new RequestStateError();
    const expected = Buffer.from(this.mac(key, parts.slice(0, 3).join('.')));
    const given = Buffer.from(parts[3]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new RequestStateError();
    let body: { s: unknown; b: string; e: number };
    try {
      body = JSON.parse(
        Buffer.from(parts[2], 'base64url').toString('utf8'),
      ) as typeof body;
    } catch {
      throw new RequestStateError();
    }
    if (body.b !== binding || !(body.e > now)) throw new RequestStateError();
    return body.s;
  }

  private mac(key: Buffer, data: string): string {
    return createHmac('sha256', key).update(data).digest('base64url');
  }
}
