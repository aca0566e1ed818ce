/** A server-to-client request carried inside an `input_required` result (SEP-2322, MRTR). */
export interface InputRequest {
  readonly method:
    'elicitation/create' | 'sampling/createMessage' | 'roots/list';
  readonly params?: Record<string, unknown>;
}

/**
 * Returned by a tool, prompt or resource handler that needs more from the client before it can
 * answer. The endpoint turns it into `{ resultType: "input_required", inputRequests, requestState }`,
 * sealing `state` so the retry can carry it back untampered, and refuses (-32021) any request for a
 * capability the client did not declare. The retry arrives with `ctx.inputResponses` and the
 * verified `ctx.requestState`.
 */
export class InputRequired {
  constructor(
    readonly inputRequests?: Readonly<Record<string, InputRequest>>,
    readonly state?: unknown,
  ) {}
}
