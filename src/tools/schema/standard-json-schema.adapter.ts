import type { JsonSchema } from '../tool-options.interface.js';
import type { SchemaAdapter, SchemaSide } from './schema-adapter.interface.js';
import type { StandardSchemaV1 } from './standard-schema.interface.js';

/**
 * Any library implementing Standard JSON Schema (https://standardschema.dev/json-schema): its own
 * converter, asked for draft 2020-12. Such a converter is expected to throw for what it cannot
 * express, as the standard requires for an unsupported target.
 */
export class StandardJsonSchemaAdapter implements SchemaAdapter {
  accepts(schema: StandardSchemaV1): boolean {
    return typeof schema['~standard'].jsonSchema?.input === 'function';
  }

  toJsonSchema(schema: StandardSchemaV1, side: SchemaSide): JsonSchema {
    const converter = schema['~standard'].jsonSchema;
    if (!converter) throw new Error('the schema cannot emit JSON Schema');
    return converter[side]({ target: 'draft-2020-12' });
  }
}
