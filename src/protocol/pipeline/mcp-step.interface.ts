import type { McpCallContext } from '../dispatch/mcp-call-context.interface.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';

/** The rest of the pipeline, from the step after this one to the method's handler. */
export type McpNext = () => Promise<McpResult>;

/**
 * One step of `POST /mcp` (origin, authentication, envelope, `_meta`, headers, version, method
 * lookup, per-method headers, deadlines, result stamping, MRTR, tracing, or a team's own). A step
 * implements `check` (runs, then the pipeline goes on; throw a `JsonRpcError` or `McpAuthError` to
 * refuse), or `intercept` (wraps everything after it and may change the result). Checks cost no
 * closure per request, so a step that only refuses should be a check.
 *
 * Register a step by decorating a provider with `@McpPipelineStep({ order })`: the pipeline is
 * assembled once, at boot, in `order` (see `McpStepOrder`).
 */
export interface McpStep {
  /** False leaves the step out of the pipeline (e.g. tracing without a tracer). Read once, at boot. */
  readonly enabled?: boolean;
  check?(ctx: McpCallContext): void | Promise<void>;
  intercept?(ctx: McpCallContext, next: McpNext): Promise<McpResult>;
}

/**
 * Where the built-in steps sit; a team's step picks a number between two of them. Before
 * `Envelope` the body is not read yet (`ctx.method`, `ctx.requestId` are unknown); after `Method`,
 * `ctx.method` is known to exist.
 */
export const McpStepOrder = {
  /** DNS-rebinding protection: `Origin` and `Host`. */
  Origin: 100,
  /** The `McpAuthenticator`, before the body is read. */
  Authentication: 200,
  /** Body read and JSON-RPC envelope; notifications stop here (202). */
  Envelope: 300,
  /** One span per request, around everything that follows. */
  Trace: 400,
  /** `_meta` of a 2026-07-28 request (-32602). */
  Meta: 500,
  /** Standard headers agree with the body (-32020). */
  Headers: 600,
  /** Protocol version served (-32022). */
  Version: 700,
  /** Method lookup (-32601). */
  Method: 800,
  /** `Mcp-Param-*` headers of the called tool (-32020). */
  ParamHeaders: 900,
  /** Request timeout and shutdown accounting. */
  Deadline: 1000,
  /** `resultType` and `serverInfo` on every result. */
  ResultMeta: 1100,
  /** Multi round-trip requests (`input_required`). */
  InputRequired: 1200,
} as const;

/** Options of `@McpPipelineStep`. */
export interface McpStepOptions {
  /** Position in the pipeline: lower runs first (outer). */
  readonly order: number;
}
