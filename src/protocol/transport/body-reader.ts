import type { IncomingMessage } from 'node:http';
import {
  DEFAULT_DISCARD_BOUNDS,
  type DiscardBounds,
  discardRest,
} from './body-discard.js';

/** The body is larger than the configured limit: answered with 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** The client went away (or its framing broke) before the body was complete: nobody to answer. */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError';
}

/**
 * Reads a request body as UTF-8, refusing more than `limit` bytes. Our own reader instead of
 * Express's body parser: it keeps `/mcp` off the Express stack, which costs several times the MCP
 * work itself (docs/architecture.md), and lets oversized bodies fail early on `Content-Length`. An
 * oversized body is read to its end and dropped (within `discard`) before the refusal, so the
 * client is listening when the 413 comes.
 * @throws BodyTooLargeError when the declared or actual size exceeds the limit.
 * @throws RequestAbortedError when the request ends before its body does.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  discard: DiscardBounds = DEFAULT_DISCARD_BOUNDS,
): Promise<string> {
  // Not async: one promise per body, not two (this runs on every request).
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    // More than we would read anyway: refuse at once (the connection is then closed).
    if (declared - limit > discard.bytes)
      return Promise.reject(new BodyTooLargeError());
    return refuse(req, discard);
  }
  return collect(req, limit, discard);
}

/** Drops the rest of an oversized body, then refuses it (unless the client left). */
async function refuse(
  req: IncomingMessage,
  discard: DiscardBounds,
): Promise<never> {
  if ((await discardRest(req, discard)) === 'aborted')
    throw new RequestAbortedError();
  throw new BodyTooLargeError();
}

function collect(
  req: IncomingMessage,
  limit: number,
  discard: DiscardBounds,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        refuse(req, discard).catch(reject);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(
        chunks.length === 1
          ? chunks[0].toString('utf8')
          : Buffer.concat(chunks).toString('utf8'),
      );
    };
    const onError = () => {
      cleanup();
      reject(new RequestAbortedError());
    };
    // A client that hangs up mid-body must not leave the promise pending.
    const onClose = () => {
      if (!req.complete) onError();
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
