import { Injectable } from '@nestjs/common';
import {
  Ajv2020,
  type ErrorObject,
  type ValidateFunction,
} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { quote } from '../../protocol/json-rpc/quote.js';
import { ToolDefinitionError } from '../tool.errors.js';
import type { JsonSchema } from '../tool-options.interface.js';

const DIALECT_2020 = 'https://json-schema.org/draft/2020-12/schema';
/** Violations one explanation lists: enough to fix a call in one go, bounded for a model's context. */
export const MAX_LISTED_VIOLATIONS = 10;
// ajv-formats is CommonJS; under ESM its plugin is the default export's `default` or itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown })
  .default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** Ajv 2020 with formats and the SEP-2243 annotation keyword. */
function createAjv(useDefaults: boolean, allErrors = false): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors,
    strict: false,
    validateFormats: true,
    useDefaults,
  });
  addFormats(ajv);
  // SEP-2243 annotation: routes an argument into an Mcp-Param-* header; no validation meaning.
  ajv.addKeyword({ keyword: 'x-mcp-header', schemaType: 'string' });
  return ajv;
}

/**
 * Compiles tool schemas once, at boot, with Ajv's JSON Schema 2020-12 build (the default dialect:
 * https://modelcontextprotocol.io/specification/2026-07-28/basic#json-schema-usage). Network
 * `$ref`s are never fetched: Ajv resolves only what the schema contains.
 */
@Injectable()
export class JsonSchemaCompiler {
  // Input validators fill declared defaults into the (freshly parsed) arguments, so a handler
  // never repeats a default; output validators only check, never touch a handler's result.
  private readonly inputs = createAjv(true);
  private readonly outputs = createAjv(false);
  // Stops at nothing: lists every violation. Only bad calls use it, so it is built on the first one.
  private everyError?: Ajv2020;

  /**
   * A validator for tool arguments: it also assigns each missing property's `default`, in place.
   * @throws ToolDefinitionError for another dialect or an invalid schema.
   */
  compileInput(schema: JsonSchema, what: string): ValidateFunction {
    return compile(this.inputs, schema, what);
  }

  /** A validator that only checks. @throws ToolDefinitionError like `compileInput`. */
  compileOutput(schema: JsonSchema, what: string): ValidateFunction {
    return compile(this.outputs, schema, what);
  }

  /**
   * Explains why arguments are invalid, listing every violation (at most
   * `MAX_LISTED_VIOLATIONS`, then how many more). The hot path keeps the validator that stops at
   * the first error; this one, with Ajv's `allErrors`, is compiled on the first invalid call and
   * runs only on that failure path.
   */
  explainInput(
    schema: JsonSchema,
    fallback: ValidateFunction,
  ): (args: unknown) => string {
    let validate: ValidateFunction | undefined;
    return (args) => {
      try {
        validate ??= (this.everyError ??= createAjv(true, true)).compile(
          schema,
        );
      } catch {
        return this.describe(fallback); // compiled at boot by the same Ajv build: not expected
      }
      validate(args);
      return this.describe(validate.errors ? validate : fallback);
    };
  }

  /**
   * The validator's errors as one readable line naming each field, e.g.
   * `arguments/limit must be integer; arguments must NOT have additional properties ('colour')`,
   * at most `MAX_LISTED_VIOLATIONS` of them.
   */
  describe(validate: ValidateFunction, dataVar = 'arguments'): string {
    const errors = validate.errors ?? [];
    const listed = errors
      .slice(0, MAX_LISTED_VIOLATIONS)
      .map((e) => describeError(e, dataVar));
    if (errors.length > MAX_LISTED_VIOLATIONS)
      listed.push(`and ${errors.length - MAX_LISTED_VIOLATIONS} more`);
    return listed.join('; ');
  }
}

function compile(
  ajv: Ajv2020,
  schema: JsonSchema,
  what: string,
): ValidateFunction {
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
    return ajv.compile(schema);
  } catch (err) {
    throw new ToolDefinitionError(
      `${what}: invalid JSON Schema (${(err as Error).message})`,
    );
  }
}

/** The property a keyword blames but does not put in `instancePath`; client-chosen, so quoted. */
function culprit(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const name =
    params.additionalProperty ??
    params.unevaluatedProperty ??
    params.propertyName;
  return typeof name === 'string' ? ` ('${quote(name)}')` : '';
}

function describeError(error: ErrorObject, dataVar: string): string {
  // instancePath holds client-chosen keys too: bounded like every echoed value.
  const path = error.instancePath === '' ? '' : quote(error.instancePath);
  return `${dataVar}${path} ${error.message ?? 'is invalid'}${culprit(error)}`;
}
