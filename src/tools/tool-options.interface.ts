import type { StandardSchemaV1 } from './schema/standard-schema.interface.js';

/** A JSON Schema 2020-12 document (the default dialect when `$schema` is absent). */
export type JsonSchema = Record<string, unknown>;

/** Behaviour hints a client may show or use (schema `ToolAnnotations`). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * Whether a call may run as a task (`io.modelcontextprotocol/tasks`, SEP-2663). `forbidden` (the
 * default): always answered in the request. `optional`: a task when the request declares the
 * extension, otherwise in the request. `required`: a task only; a request that does not declare the
 * extension is refused with -32021. Server policy: not published in `tools/list`.
 */
export type TaskSupport = 'forbidden' | 'optional' | 'required';

/**
 * How a task tool may run again when the run working on its task stopped before the end: its
 * instance shut down (slot swap, scale-in) or was lost (crash, kill). `resume`: run it again on
 * another instance, from its last `ctx.checkpoint(…)` (at least once; use `ctx.idempotencyKey`
 * for effects). `never` (the default): fail the task instead (at most once).
 */
export type TaskRerun = 'resume' | 'never';

/**
 * How `execute` gets its parameters: `(args, ctx)`, checked against the schemas at compile time
 * (the default), or from parameter decorators, whose values TypeScript cannot relate to the
 * schemas: `'decorated'` then checks only what `execute` returns.
 */
export type ToolParameters = 'decorated';

/** What every tool declares, whatever form its schemas take. */
interface McpToolCommonOptions {
  /** 1–64 characters of `[A-Za-z0-9_.-]`; checked at boot. */
  name: string;
  title?: string;
  description: string;
  annotations?: ToolAnnotations;
  /** Extra `_meta` published on the tool in `tools/list`. */
  _meta?: Record<string, unknown>;
  /** Task support (SEP-2663); default `forbidden`. Kept out of the published `Tool` object. */
  taskSupport?: TaskSupport;
  /** For task tools: may a stopped run be resumed elsewhere (default `never`)? Not published. */
  rerun?: TaskRerun;
}

/** Options as declared: the published fields plus what only the server reads. */
interface McpToolDeclaredOptions<
  P extends ToolParameters | undefined,
> extends McpToolCommonOptions {
  /** Type checking only (see `ToolParameters`); kept out of the published `Tool` object. */
  parameters?: P;
}

/** The input as a schema object (zod 4 or any Standard Schema that emits JSON Schema). */
interface SchemaInput<In extends StandardSchemaV1> {
  /**
   * Converted at boot into the `tools/list` `inputSchema` (JSON Schema 2020-12). Its root must be
   * an object; defaults are filled in before `execute` runs (type its argument `ToolArgs<typeof S>`).
   * Refinements and transforms JSON Schema cannot express fail the boot.
   */
  input: In;
  inputSchema?: never;
}

/** The input as a raw JSON Schema 2020-12 literal. */
interface LiteralInput {
  /** Root must be `type: "object"`; any 2020-12 keyword is allowed. Compiled once at boot. */
  inputSchema: JsonSchema;
  input?: never;
}

/** The output as a schema object, or as a raw JSON Schema literal, or not declared. */
type OutputDeclaration<Out extends StandardSchemaV1> =
  | {
      /** Converted at boot into the `tools/list` `outputSchema`; every structured result is checked. */
      output: Out;
      outputSchema?: never;
    }
  | {
      /** When present, every successful `structuredContent` is checked against it before it leaves. */
      outputSchema?: JsonSchema;
      output?: never;
    };

/**
 * What `@McpTool()` declares: the `Tool` object of `tools/list`, with the input (and output) given
 * once, either as a schema object (`input`, `output`) or as a JSON Schema literal (`inputSchema`,
 * `outputSchema`) — never both. The type parameters are the schemas' types, which `@McpTool`
 * infers to type-check the class's `execute`.
 */
export type McpToolOptions<
  In extends StandardSchemaV1 = StandardSchemaV1,
  Out extends StandardSchemaV1 = StandardSchemaV1,
  P extends ToolParameters | undefined = ToolParameters | undefined,
> = McpToolDeclaredOptions<P> &
  (SchemaInput<In> | LiteralInput) &
  OutputDeclaration<Out>;

/** The `Tool` object `tools/list` publishes: schemas in their JSON Schema form. */
export interface ToolDescriptor extends McpToolCommonOptions {
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
}
