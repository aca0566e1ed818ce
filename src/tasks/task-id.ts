import { randomBytes } from 'node:crypto';

/** Minted ids: a prefix and 144 CSPRNG bits, base64url (header-safe ASCII, SEP-2663). */
const PREFIX = 'mt_';
const ID = /^[A-Za-z0-9_-]{1,128}$/;

/** A new task id: unguessable, so holding it is what lets a caller see the task. */
export function mintTaskId(): string {
  return PREFIX + randomBytes(18).toString('base64url');
}

/**
 * True when `value` could be a task id at all: a string of at most 128 URL-safe characters. Anything
 * else is answered like an unknown id, before the store is asked.
 */
export function isTaskIdShape(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}
