import type { JsonSchema } from '../tool-options.interface.js';
import type { StandardSchemaV1 } from './standard-schema.interface.js';

/** Which side of a schema to describe: what it accepts, or what it produces after defaults. */
export type SchemaSide = 'input' | 'output';

/**
 * Turns one schema library's schemas into JSON Schema 2020-12. The generic adapter covers every
 * library implementing Standard JSON Schema; a library that converts lossily (zod drops
 * refinements without a word) gets its own adapter that refuses what would be lost.
 */
export interface SchemaAdapter {
  /** Whether this adapter knows how to convert `schema`. */
  accepts(schema: StandardSchemaV1): boolean;
  /**
   * The JSON Schema 2020-12 of one side of `schema`.
   * @throws Error saying what JSON Schema cannot express (without the tool's name; the caller adds it).
   */
  toJsonSchema(schema: StandardSchemaV1, side: SchemaSide): JsonSchema;
}
