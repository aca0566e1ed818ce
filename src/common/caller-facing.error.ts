/**
 * A failure whose message and details are safe to show the caller, and written for it: a tool that
 * lets one propagate answers a `tools/call` result with `isError: true`, this message and
 * `structuredContent.error` = `details`
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#error-handling). Any other
 * exception is masked. Lives below the feature modules so handles (and others) can raise one without
 * depending on the tools API.
 */
export class CallerFacingError extends Error {
  override readonly name: string = 'CallerFacingError';

  constructor(
    message: string,
    /** Machine-readable details, published as `structuredContent.error`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
