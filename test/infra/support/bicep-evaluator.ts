import type { Node } from 'web-tree-sitter';
import type { BicepFile } from './bicep-file.js';

/** A value that exists at deployment time but is not known statically (a module output, say). */
export const UNKNOWN = Symbol('unknown');

/** What an expression evaluates to. */
export type BicepValue =
  | string
  | number
  | boolean
  | null
  | typeof UNKNOWN
  | BicepValue[]
  | BicepObject;

/** An object value. */
export interface BicepObject {
  [key: string]: BicepValue;
}

/** How a reference to a deployment-time value (`identity.outputs.clientId`) evaluates: `⟨identity.outputs.clientId⟩`. */
export const reference = (expression: string): string =>
  `⟨${expression.replaceAll('!', '').replaceAll('.?', '.')}⟩`;

/** Whether a value is an object (not an array, not unknown). */
export const isObject = (value: BicepValue): value is BicepObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Evaluates the expressions of one Bicep file as far as they can be known without Azure: literals,
 * objects, arrays, variables, parameters (bound by the test, else their default, else a reference
 * to the parameter itself), `==`/`!=`/`!`/
 * `&&`/`||`, ternaries, string interpolation and the `union`, `string` and `empty` functions.
 * A member access (a module output, a resource property) evaluates to its `reference`, so tests can
 * follow the wiring; anything else (other functions) is `UNKNOWN`. A ternary
 * whose condition is unknown keeps only what both branches agree on, so a key reported present is
 * present in every deployment.
 */
export class BicepEvaluator {
  constructor(
    private readonly file: BicepFile,
    private readonly bindings: Readonly<Record<string, BicepValue>> = {},
  ) {}

  /** Evaluates an expression node of this file. */
  evaluate(node: Node): BicepValue {
    switch (node.type) {
      case 'string':
        return this.interpolate(node);
      case 'number':
        return Number(node.text);
      case 'boolean':
        return node.text === 'true';
      case 'null':
        return null;
      case 'object':
        return this.object(node);
      case 'array':
        return node.namedChildren
          .filter((c): c is Node => c !== null)
          .map((c) => this.evaluate(c));
      case 'identifier':
        return this.identifier(node.text);
      case 'parenthesized_expression':
        return this.evaluate(node.namedChildren[0]!);
      case 'unary_expression':
        return this.unary(node);
      case 'binary_expression':
        return this.binary(node);
      case 'ternary_expression':
        return this.ternary(node);
      case 'call_expression':
        return this.call(node);
      case 'member_expression':
        return reference(node.text);
      default:
        return UNKNOWN;
    }
  }

  /** Evaluates a variable or parameter of this file by name. */
  identifier(name: string): BicepValue {
    if (name in this.bindings) return this.bindings[name];
    const variable = this.file.variables.get(name);
    if (variable) return this.evaluate(variable);
    const param = this.file.params.get(name);
    if (param?.defaultValue) return this.evaluate(param.defaultValue);
    // A parameter the deployment must supply (from main.parameters.json, or from main.bicep for a module).
    return param ? reference(name) : UNKNOWN;
  }

  private object(node: Node): BicepObject {
    const entries: [string, BicepValue][] = [];
    for (const property of node.namedChildren) {
      const [key, value] =
        property?.type === 'object_property' ? property.namedChildren : [];
      if (!key || !value) continue;
      const name = key.type === 'identifier' ? key.text : this.evaluate(key);
      if (typeof name === 'string') entries.push([name, this.evaluate(value)]);
    }
    return Object.fromEntries(entries);
  }

  private interpolate(node: Node): BicepValue {
    let text = '';
    for (const part of node.namedChildren) {
      const value =
        part?.type === 'interpolation'
          ? this.evaluate(part.namedChildren[0]!)
          : part?.text;
      if (typeof value !== 'string' && typeof value !== 'number')
        return UNKNOWN;
      text += String(value);
    }
    return text;
  }

  private unary(node: Node): BicepValue {
    const value = this.evaluate(
      node.childForFieldName('argument') ?? node.namedChildren[0]!,
    );
    return node.child(0)?.text === '!' && typeof value === 'boolean'
      ? !value
      : UNKNOWN;
  }

  private binary(node: Node): BicepValue {
    const left = this.evaluate(node.childForFieldName('left')!);
    const right = this.evaluate(node.childForFieldName('right')!);
    const operator = node.children.find((c) => c && !c.isNamed)?.text;
    if (
      left === UNKNOWN ||
      right === UNKNOWN ||
      isReference(left) ||
      isReference(right)
    )
      return UNKNOWN;
    if (operator === '==') return left === right;
    if (operator === '!=') return left !== right;
    if (
      operator === '&&' &&
      typeof left === 'boolean' &&
      typeof right === 'boolean'
    )
      return left && right;
    if (
      operator === '||' &&
      typeof left === 'boolean' &&
      typeof right === 'boolean'
    )
      return left || right;
    return UNKNOWN;
  }

  private ternary(node: Node): BicepValue {
    const condition = this.evaluate(node.childForFieldName('condition')!);
    const consequence = this.evaluate(node.childForFieldName('consequence')!);
    const alternative = this.evaluate(node.childForFieldName('alternative')!);
    if (typeof condition === 'boolean')
      return condition ? consequence : alternative;
    if (isObject(consequence) && isObject(alternative)) {
      const common = Object.keys(consequence).filter((k) => k in alternative);
      return Object.fromEntries(common.map((k) => [k, UNKNOWN]));
    }
    return UNKNOWN;
  }

  private call(node: Node): BicepValue {
    const name = node.childForFieldName('function')?.text;
    const args = (node.childForFieldName('arguments')?.namedChildren ?? [])
      .filter((a): a is Node => a !== null)
      .map((a) => this.evaluate(a));
    if (name === 'union' && args.every(isObject))
      return Object.assign({}, ...args) as BicepObject;
    if (
      name === 'string' &&
      (typeof args[0] === 'string' || typeof args[0] === 'number')
    )
      return String(args[0]);
    if (name === 'empty' && args[0] !== UNKNOWN && !isReference(args[0]))
      return isEmptyValue(args[0]);
    return UNKNOWN;
  }
}

function isReference(value: BicepValue): boolean {
  return typeof value === 'string' && value.startsWith('⟨');
}

function isEmptyValue(value: BicepValue): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}
