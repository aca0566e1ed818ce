import { IsInt, Max, Min } from 'class-validator';
import { EnvBoolean, EnvInt } from '../../config/env-transforms.js';

/**
 * Admission control on `/mcp` (docs/overload.md): how much an instance takes on before it refuses
 * new requests with a fast 503. Defaults measured on one core (`npm run bench -- --only overload`).
 */
export class AdmissionEnvironment {
  /** `0`/`false` turns admission control off: every request is taken, however late it runs. */
  @EnvBoolean() MCP_ADMISSION = true;

  /**
   * `/mcp` requests being served at once (open `subscriptions/listen` streams excepted: they have
   * their own caps); one more is refused. Bounds work waiting on I/O (Redis, a worker pool).
   */
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) MCP_MAX_IN_FLIGHT = 256;

  /**
   * Ms a turn of the event loop runs before each connection it reads is held back (served, not
   * refused); while any are held, each turn reads back about this many ms of requests, at their
   * measured cost, so turns stay short under a flood.
   */
  @EnvInt() @IsInt() @Min(1) @Max(10_000) MCP_TURN_BUDGET_MS = 5;

  /**
   * Ms a turn of the event loop runs before it refuses new requests: everything else (timers,
   * health probes, other answers) waits that long. `tasks/get`, `tasks/cancel`, `tasks/update`
   * get twice as long.
   */
  @EnvInt() @IsInt() @Min(1) @Max(60_000) MCP_MAX_EVENT_LOOP_DELAY_MS = 20;

  /**
   * Ms a connection may wait, held back in a queue that has stood for a second, before its request
   * is refused; new connections beyond what the coming turns read in that time (a storm) are
   * refused at once. Under a flood the queue, not the turn, is where a request waits.
   * `tasks/get`, `tasks/cancel`, `tasks/update` get twice as long.
   */
  @EnvInt() @IsInt() @Min(1) @Max(60_000) MCP_MAX_QUEUE_MS = 250;

  /** Share of V8's heap limit in use, in percent, from which new requests are refused. */
  @EnvInt() @IsInt() @Min(10) @Max(100) MCP_MAX_HEAP_PERCENT = 90;

  /** `Retry-After` of a refusal, in seconds. */
  @EnvInt() @IsInt() @Min(1) @Max(3600) MCP_RETRY_AFTER_SECONDS = 1;
}
