import { toJSONSchema, type $ZodType } from 'zod/v4/core';
import type { JsonSchema } from '../tool-options.interface.js';
import type { SchemaAdapter, SchemaSide } from './schema-adapter.interface.js';
import type { StandardSchemaV1 } from './standard-schema.interface.js';

/** A zod 4 schema node as seen at run time: its definition is public (`_zod.def`). */
interface ZodNode {
  readonly _zod: { readonly def: Record<string, unknown> };
}

/**
 * Node types zod converts without complaint but whose meaning JSON Schema cannot carry: the
 * client would be told one thing and the handler would get another.
 */
const REFUSED_TYPES: Readonly<Record<string, string>> = {
  transform: 'a transform (.transform())',
  catch: '.catch()',
  success: 'z.success()',
  custom: 'a custom type (z.custom(), z.instanceof())',
};

/** Checks zod emits as JSON Schema keywords; anything else (.refine(), .trim()…) would be lost. */
const REPRESENTABLE_CHECKS = new Set([
  'less_than',
  'greater_than',
  'multiple_of',
  'number_format',
  'min_length',
  'max_length',
  'length_equals',
  'min_size',
  'max_size',
  'size_equals',
  'string_format',
]);

/**
 * zod 4 (classic and mini). zod's JSON Schema conversion throws for types JSON Schema lacks (dates,
 * bigints, custom types) but silently drops refinements, overwrites (`.trim()`), coercion and the
 * input side of transforms; this adapter walks the schema first and refuses those, so nothing a
 * tool author wrote is quietly ignored. Then it converts through Standard JSON Schema (zod 4.2+)
 * or, for zod mini, through zod's own `toJSONSchema`.
 */
export class ZodSchemaAdapter implements SchemaAdapter {
  accepts(schema: StandardSchemaV1): boolean {
    return schema['~standard'].vendor === 'zod' && isZodNode(schema);
  }

  toJsonSchema(schema: StandardSchemaV1, side: SchemaSide): JsonSchema {
    assertRepresentable(schema as unknown as ZodNode, '', new Set());
    const converter = schema['~standard'].jsonSchema;
    if (converter) return converter[side]({ target: 'draft-2020-12' });
    return toJSONSchema(schema as unknown as $ZodType, {
      target: 'draft-2020-12',
      io: side,
      unrepresentable: 'throw',
    });
  }
}

function isZodNode(value: unknown): value is ZodNode {
  const zod = (value as { _zod?: { def?: unknown } } | null)?._zod;
  return typeof zod?.def === 'object' && zod.def !== null;
}

/** @throws Error naming the first construct JSON Schema cannot express, and where it is. */
function assertRepresentable(
  node: ZodNode,
  path: string,
  seen: Set<ZodNode>,
): void {
  if (seen.has(node)) return;
  seen.add(node);
  const def = node._zod.def;
  const at = path === '' ? 'the root' : path;
  const type = def.type as string;
  if (type === 'pipe') {
    const sides = [def.in, def.out] as ZodNode[];
    const transform = sides.some((n) => n._zod.def.type === 'transform');
    throw new Error(
      `${transform ? 'a transform (.transform(), z.preprocess())' : 'a pipe (.pipe(), z.codec())'} at ${at} cannot be expressed in JSON Schema`,
    );
  }
  if (REFUSED_TYPES[type])
    throw new Error(
      `${REFUSED_TYPES[type]} at ${at} cannot be expressed in JSON Schema`,
    );
  if (def.coerce === true)
    throw new Error(
      `coercion (z.coerce) at ${at} cannot be expressed in JSON Schema`,
    );
  // A format schema (z.email(), z.stringFormat()) is its own check; others carry a list.
  if (def.check !== undefined) assertCheck(def, at);
  for (const check of (def.checks ?? []) as ZodNode[])
    assertCheck(check._zod.def, at);
  if (type === 'default' || type === 'prefault') assertStaticDefault(def, at);
  for (const [key, child] of children(def)) {
    assertRepresentable(child, key === '' ? path : `${path}${key}`, seen);
  }
}

/** @throws Error for a check zod would leave out of the JSON Schema. */
function assertCheck(check: Record<string, unknown>, at: string): void {
  const kind = check.check as string;
  if (REPRESENTABLE_CHECKS.has(kind) && typeof check.fn !== 'function') return;
  const what =
    kind === 'custom'
      ? 'a refinement (.refine(), .superRefine(), .check())'
      : `a '${kind}' check${typeof check.fn === 'function' ? ' with a custom function' : ''}`;
  throw new Error(`${what} at ${at} cannot be expressed in JSON Schema`);
}

/** A default computed per parse (`.default(() => randomUUID())`) would become one fixed value. */
function assertStaticDefault(def: Record<string, unknown>, at: string): void {
  const first = JSON.stringify(def.defaultValue);
  if (first !== JSON.stringify(def.defaultValue)) {
    throw new Error(
      `the default at ${at} is computed on each parse; JSON Schema can only publish one fixed default`,
    );
  }
}

/** The sub-schemas of a definition, each with the path segment that leads to it. */
function* children(def: Record<string, unknown>): Generator<[string, ZodNode]> {
  if (def.type === 'lazy') {
    const inner = (def.getter as () => unknown)();
    if (isZodNode(inner)) yield ['', inner];
    return;
  }
  // Keys, not entries: reading `defaultValue` would run a default factory once more.
  for (const key of Object.keys(def)) {
    if (key === 'defaultValue' || key === 'checks' || key === 'getter')
      continue;
    const value = def[key];
    if (isZodNode(value)) yield [segment(key), value];
    else if (key === 'shape' && value !== null && typeof value === 'object') {
      for (const [name, field] of Object.entries(value))
        if (isZodNode(field)) yield [`.${name}`, field];
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries())
        if (isZodNode(item)) yield [`${segment(key)}[${i}]`, item];
    }
  }
}

/** How a child appears in an error path: `.name` for properties, `[]` for items, nothing for wrappers. */
function segment(key: string): string {
  if (key === 'innerType') return '';
  if (key === 'element') return '[]';
  if (key === 'catchall' || key === 'valueType') return '.*';
  return ` ${key}`;
}
