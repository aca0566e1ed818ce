import { ToolDefinitionError } from '../tool.errors.js';
import type {
  JsonSchema,
  McpToolOptions,
  ToolDescriptor,
} from '../tool-options.interface.js';
import type { SchemaAdapter, SchemaSide } from './schema-adapter.interface.js';
import { StandardJsonSchemaAdapter } from './standard-json-schema.adapter.js';
import type { StandardSchemaV1 } from './standard-schema.interface.js';
import { ZodSchemaAdapter } from './zod-schema.adapter.js';

/** First match wins: library-specific adapters before the generic Standard JSON Schema one. */
const ADAPTERS: readonly SchemaAdapter[] = [
  new ZodSchemaAdapter(),
  new StandardJsonSchemaAdapter(),
];

/**
 * The frozen `Tool` object `tools/list` publishes for a tool, its schemas in JSON Schema form:
 * a schema object (`input`, `output`) is converted once, at boot; a JSON Schema literal
 * (`inputSchema`, `outputSchema`) is taken as is. The input side describes what a client may send
 * (defaulted properties optional), the output side what the client receives (defaults present).
 * @throws ToolDefinitionError naming `where` (the tool and its class).
 */
export function toolDescriptor(
  options: McpToolOptions,
  where: string,
): Readonly<ToolDescriptor> {
  const inputSchema = either(options, 'input', 'inputSchema', where);
  if (inputSchema?.type !== 'object') {
    throw new ToolDefinitionError(
      `${where}: inputSchema must have type "object" at its root`,
    );
  }
  const outputSchema = either(options, 'output', 'outputSchema', where);
  const published: Record<string, unknown> = { ...options, inputSchema };
  delete published.input;
  delete published.output;
  if (outputSchema) published.outputSchema = outputSchema;
  return Object.freeze(published as unknown as ToolDescriptor);
}

function either(
  options: McpToolOptions,
  side: SchemaSide,
  literal: 'inputSchema' | 'outputSchema',
  where: string,
): JsonSchema | undefined {
  const declared = options as unknown as Record<string, unknown>;
  const schema = declared[side];
  if (schema !== undefined && declared[literal] !== undefined) {
    throw new ToolDefinitionError(
      `${where}: declares both ${side} and ${literal}; declare the ${side} once`,
    );
  }
  if (schema === undefined) return declared[literal] as JsonSchema | undefined;
  return convert(schema, side, `${where} ${side}`);
}

function convert(schema: unknown, side: SchemaSide, what: string): JsonSchema {
  if (!isStandardSchema(schema)) {
    throw new ToolDefinitionError(
      `${what}: not a Standard Schema (zod 4 or another library implementing ~standard); use ${side}Schema for a JSON Schema literal`,
    );
  }
  const adapter = ADAPTERS.find((a) => a.accepts(schema));
  if (!adapter) {
    throw new ToolDefinitionError(
      `${what}: a ${schema['~standard'].vendor} schema that cannot emit JSON Schema (no ~standard.jsonSchema)`,
    );
  }
  let json: JsonSchema;
  try {
    json = adapter.toJsonSchema(schema, side);
  } catch (err) {
    throw new ToolDefinitionError(
      `${what}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ToolDefinitionError(`${what}: did not convert to a JSON Schema`);
  }
  return json;
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as { '~standard'?: unknown } | null)?.['~standard'];
  return (
    typeof props === 'object' &&
    props !== null &&
    (props as { version?: unknown }).version === 1
  );
}
