/**
 * The parts of Standard Schema (https://standardschema.dev) and Standard JSON Schema
 * (https://standardschema.dev/json-schema) that tools rely on. The standard asks libraries to copy
 * its interfaces rather than depend on a package; they match zod 4, Valibot, ArkType and others
 * structurally, so no adapter is needed to pass their schemas to `@McpTool`.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

/** `~standard` of a Standard Schema, with the optional JSON Schema converter. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  /** The schema library, e.g. `zod`. */
  readonly vendor: string;
  /** Inferred types (type-level only). */
  readonly types?: { readonly input: Input; readonly output: Output };
  /** Present when the library implements Standard JSON Schema. */
  readonly jsonSchema?: StandardJsonSchemaConverter;
}

/** Standard JSON Schema's converter: one JSON Schema for what is accepted, one for what results. */
export interface StandardJsonSchemaConverter {
  readonly input: (
    options: StandardJsonSchemaOptions,
  ) => Record<string, unknown>;
  readonly output: (
    options: StandardJsonSchemaOptions,
  ) => Record<string, unknown>;
}

/** Options of a Standard JSON Schema conversion; a library throws for a target it cannot emit. */
export interface StandardJsonSchemaOptions {
  readonly target: 'draft-2020-12' | 'draft-07' | 'openapi-3.0' | (string & {});
  readonly libraryOptions?: Record<string, unknown>;
}
