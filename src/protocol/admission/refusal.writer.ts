import type { ServerResponse } from 'node:http';
import {
  busyData,
  retryAfterSecondsOf,
} from '../json-rpc/server-busy.error.js';
import { errorBody } from '../json-rpc/error-body.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';

/** Why admission refused a request. */
export type RefusalReason = 'in-flight' | 'event-loop' | 'heap';

export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'in-flight',
  'event-loop',
  'heap',
];

/**
 * Writes admission's 503s, each built once at boot: a refusal costs one `writeHead` and one `end`.
 *
 * A refusal answers before the body is read, so it carries `id: null`: reading and parsing a body
 * only to echo its id would make a refusal cost as much as the request's size, under overload, and
 * JSON-RPC 2.0 §5 gives `null` for an id that could not be determined. Nothing is lost by it: on
 * Streamable HTTP every POST gets its own HTTP response, so a client matches the answer by the
 * exchange (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#sending-messages-to-the-server),
 * and clients read the 503 before the body. Node reads and drops the unread body itself once the
 * response ends, so the keep-alive connection stays usable.
 */
export class RefusalWriter {
  private readonly answers: ReadonlyMap<
    RefusalReason,
    { body: Buffer; headers: Record<string, string | number> }
  >;

  constructor(
    retryAfterSeconds: number,
    maxInFlight: number,
    servedBy: string,
  ) {
    const retryAfterMs = retryAfterSecondsOf(retryAfterSeconds * 1000) * 1000;
    const after = `retry after ${retryAfterMs / 1000} s`;
    const messages: Record<RefusalReason, string> = {
      'in-flight': `This server is serving ${maxInFlight} requests already; ${after}`,
      'event-loop': `This server is overloaded; ${after}`,
      heap: `This server is short of memory; ${after}`,
    };
    this.answers = new Map(
      REFUSAL_REASONS.map((reason) => {
        const body = Buffer.from(
          JSON.stringify(
            errorBody(
              null,
              JsonRpcErrorCode.InternalError,
              messages[reason],
              busyData(reason, retryAfterMs, 'instance'),
            ),
          ),
        );
        const headers = {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
          'Retry-After': retryAfterMs / 1000,
          'X-Served-By': servedBy,
        };
        return [reason, { body, headers }];
      }),
    );
  }

  /** Answers `res` with the 503 for `reason`. */
  write(res: ServerResponse, reason: RefusalReason): void {
    const { body, headers } = this.answers.get(reason)!;
    res.writeHead(503, headers);
    res.end(body);
  }
}
