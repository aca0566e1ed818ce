import { Injectable } from '@nestjs/common';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ToolDefinitionError } from '../tool.errors.js';
import type { JsonSchema } from '../tool-options.interface.js';

const DIALECT_2020 = 'https://json-schema.org/draft/2020-12/schema';
// ajv-formats is CommonJS; under ESM its plugin is the default export's `default` or itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown })
  .default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * Compiles tool schemas once, at boot, with Ajv's JSON Schema 2020-12 build (spec.md §8: the
 * default dialect). Network `$ref`s are never fetched: Ajv resolves only what the schema contains.
 */
@Injectable()
export class JsonSchemaCompiler {
  private readonly ajv = new Ajv2020({
    allErrors: false,
    strict: false,
    validateFormats: true,
  });

  constructor() {
    addFormats(this.ajv);
    // SEP-2243 annotation: routes an argument into an Mcp-Param-* header; no validation meaning.
    this.ajv.addKeyword({ keyword: 'x-mcp-header', schemaType: 'string' });
  }

  /** @throws ToolDefinitionError for another dialect or an invalid schema. */
  compile(schema: JsonSchema, what: string): ValidateFunction {
    const dialect = JSON.stringify(schema.$schema);
    if (
      schema.$schema !== undefined &&
      (typeof schema.$schema !== 'string' ||
        schema.$schema.replace(/#$/, '') !== DIALECT_2020)
    ) {
      throw new ToolDefinitionError(
        `${what}: unsupported JSON Schema dialect ${dialect}`,
      );
    }
    try {
      return this.ajv.compile(schema);
    } catch (err) {
      throw new ToolDefinitionError(
        `${what}: invalid JSON Schema (${(err as Error).message})`,
      );
    }
  }

  /** Ajv's errors as one readable line, e.g. `arguments/limit must be integer`. */
  describe(validate: ValidateFunction): string {
    return this.ajv.errorsText(validate.errors, { dataVar: 'arguments' });
  }
}
