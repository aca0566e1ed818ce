import { createHash } from 'node:crypto';
import type { McpPrincipal } from '@stateless-mcp/nest';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** Short keys are guessable; 16 characters is the least this example accepts. */
const MIN_KEY_LENGTH = 16;

/** A `TEAM_API_KEYS` value the example refuses; the message never contains a key. */
export class ApiKeyConfigError extends Error {
  override readonly name = 'ApiKeyConfigError';
}

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The callers this instance knows, from `TEAM_API_KEYS="alice:admin:<key>,bob:user:<key>"`
 * (`name:role:key`, comma-separated). Keys are kept as SHA-256 digests only, so a lookup's timing
 * says nothing about how much of a guessed key was right, and no key sits in memory in the clear.
 */
export class ApiKeyTable {
  private constructor(private readonly byDigest: Map<string, McpPrincipal>) {}

  /** @throws ApiKeyConfigError when `value` is missing or malformed. */
  static parse(value: string | undefined): ApiKeyTable {
    if (!value?.trim())
      throw new ApiKeyConfigError(
        'TEAM_API_KEYS is not set: give it as "alice:admin:<key>,bob:user:<key>" (name:role:key, comma-separated)',
      );
    const byDigest = new Map<string, McpPrincipal>();
    value.split(',').forEach((entry, i) => {
      const [name, role, key, ...rest] = entry.trim().split(':');
      const where = `TEAM_API_KEYS entry ${i + 1}`;
      if (rest.length > 0 || key === undefined)
        throw new ApiKeyConfigError(`${where} is not name:role:key`);
      if (!NAME.test(name) || !NAME.test(role))
        throw new ApiKeyConfigError(
          `${where}: name and role must match ${NAME.source}`,
        );
      if (key.length < MIN_KEY_LENGTH)
        throw new ApiKeyConfigError(
          `${where} (${name}): the key must have at least ${MIN_KEY_LENGTH} characters`,
        );
      if (byDigest.has(digest(key)))
        throw new ApiKeyConfigError(`${where} (${name}) repeats another key`);
      byDigest.set(digest(key), {
        subject: name,
        scopes: [],
        claims: { roles: [role] },
      });
    });
    return new ApiKeyTable(byDigest);
  }

  /** The caller holding `key`, if any. */
  find(key: string): McpPrincipal | undefined {
    return this.byDigest.get(digest(key));
  }
}
