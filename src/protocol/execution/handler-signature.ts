/** What a registry passes a handler at one position of its own arguments. */
export type HandlerParam = 'args' | 'context' | 'uri';

/**
 * How a registry calls a handler method, which the enhancer reads at boot to resolve the method's
 * parameters and to refuse declarations that cannot apply.
 */
export interface HandlerSignature {
  /** What each of the method's own arguments is, in order: `execute(args, ctx)` is `['args', 'context']`. */
  readonly params: readonly HandlerParam[];
  /**
   * The class's other methods the registry calls directly, without enhancers or parameter
   * decorators (`beforeTask`, `complete`, `list`…).
   */
  readonly hooks?: readonly string[];
  /**
   * The names `@McpArgs(field)` may take: the schema's properties, the prompt's arguments, the
   * template's variables. Undefined: any name (a schema that does not list its properties).
   */
  readonly argumentNames?: readonly string[];
  /**
   * True when a call may be authorized now and run later, without the request (a task tool): its
   * guards are then prepared apart from the rest of its enhancers.
   */
  readonly deferrable?: boolean;
}

const COMPOSITION = [
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
  'if',
  'patternProperties',
  'dependentSchemas',
];

/**
 * The argument names of a JSON Schema object: its top-level `properties`, or undefined when it
 * composes others (then names cannot be listed without evaluating it).
 */
export function schemaPropertyNames(
  schema: Readonly<Record<string, unknown>>,
): readonly string[] | undefined {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  if (COMPOSITION.some((keyword) => keyword in schema)) return undefined;
  return Object.keys(properties);
}
