import type { IncomingMessage } from 'node:http';

/** How much of an oversized body the server still reads (and throws away) before answering 413. */
export interface DiscardBounds {
  /** Most bytes read past the limit. */
  readonly bytes: number;
  /** Longest time spent reading them, in ms. */
  readonly ms: number;
}

/**
 * Defaults: 128 MiB and 5 s. Enough for an ordinary client on any real link to finish sending a
 * mistaken upload of tens of MiB (loopback reads 64 MiB in well under a second); small enough that
 * a client who keeps sending cannot hold the connection for long. Node's own request timeout
 * (HTTP_REQUEST_TIMEOUT_MS, 30 s) still applies on top.
 */
export const DEFAULT_DISCARD_BOUNDS: DiscardBounds = {
  bytes: 128 * 1024 * 1024,
  ms: 5_000,
};

/** How discarding ended. */
export type DiscardOutcome = 'ended' | 'bounded' | 'aborted';

/**
 * Reads the rest of a request body and drops it, up to `bounds`. HTTP/1.1 clients (Node's fetch among
 * them) write the whole body before they read the answer; a server that answers and closes while
 * the client is still writing makes the client fail with EPIPE/ECONNRESET instead of seeing the
 * status (https://www.rfc-editor.org/rfc/rfc9112#section-9.6: a server SHOULD read the rest before
 * closing, or the peer's TCP stack may reset the connection and lose the response).
 * @returns `ended` once the body is complete, `bounded` when the bounds ran out first (the caller
 *   closes the connection), `aborted` when the client went away.
 */
export function discardRest(
  req: IncomingMessage,
  bounds: DiscardBounds = DEFAULT_DISCARD_BOUNDS,
): Promise<DiscardOutcome> {
  if (req.complete) return Promise.resolve('ended');
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (outcome: DiscardOutcome) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > bounds.bytes) finish('bounded');
    };
    const onEnd = () => finish('ended');
    const onAbort = () => finish('aborted');
    const onClose = () => finish(req.complete ? 'ended' : 'aborted');
    const timer = setTimeout(() => finish('bounded'), bounds.ms);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
    req.resume();
  });
}
