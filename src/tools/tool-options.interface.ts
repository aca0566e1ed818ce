/** A JSON Schema 2020-12 document (spec.md §8: the default dialect when `$schema` is absent). */
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

/** What `@McpTool()` declares about a tool: the `Tool` object of `tools/list`, less nothing. */
export interface McpToolOptions {
  /** 1–64 characters of `[A-Za-z0-9_.-]`; checked at boot (spec.md §10). */
  name: string;
  title?: string;
  description: string;
  /** Root must be `type: "object"`; any 2020-12 keyword is allowed. Compiled once at boot. */
  inputSchema: JsonSchema;
  /** When present, every successful `structuredContent` is checked against it before it leaves. */
  outputSchema?: JsonSchema;
  annotations?: ToolAnnotations;
  /** Extra `_meta` published on the tool in `tools/list`. */
  _meta?: Record<string, unknown>;
  /** Task support (SEP-2663); default `forbidden`. Kept out of the published `Tool` object. */
  taskSupport?: TaskSupport;
}
