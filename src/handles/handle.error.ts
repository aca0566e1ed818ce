import { CallerFacingError } from '../common/caller-facing.error.js';

/** Why a handle was refused; `unavailable` is the only reason worth retrying. */
export type HandleFailure =
  | 'malformed'
  | 'invalid'
  | 'expired'
  | 'unknown'
  | 'out-of-range'
  | 'unavailable';

const MESSAGES: Readonly<Record<HandleFailure, string>> = {
  malformed:
    'The handle is malformed. Pass back exactly the handle the last call returned, or omit it to start over.',
  invalid:
    'The handle is not valid here: it was altered, issued for another tool or caller, or by another deployment. Omit it to start over.',
  expired: 'The handle has expired. Omit it to start over.',
  unknown: 'The handle is unknown or has expired. Omit it to start over.',
  'out-of-range':
    'The change would take a value out of its allowed range; nothing was changed.',
  unavailable:
    'The handle store is unavailable right now; nothing was changed. Retry in a few seconds.',
};

/**
 * A handle was refused, or its store could not be reached. A `CallerFacingError`, so a tool that
 * lets it propagate answers an `isError` result with a message a model can act on
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#error-handling) and
 * `structuredContent.error` = `{ reason, retryable }`. Reasons stay coarse on purpose: which key,
 * claim or byte failed is never told.
 */
export class HandleError extends CallerFacingError {
  override readonly name = 'HandleError';

  constructor(readonly reason: HandleFailure) {
    super(MESSAGES[reason], { reason, retryable: reason === 'unavailable' });
  }
}
