import type { Node } from 'web-tree-sitter';

/** A `param` declaration with its decorators (`@minValue(1)` → `minValue: [node of 1]`). */
export interface BicepParam {
  readonly name: string;
  readonly type: string;
  readonly defaultValue?: Node;
  readonly decorators: ReadonlyMap<string, readonly Node[]>;
}

/** A `resource` declaration: `resource <symbol> '<type>@<apiVersion>' = [if (<condition>)] <body>`. */
export interface BicepResource {
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly body: Node;
  readonly condition?: Node;
}

/** A `module` declaration: `module <symbol> '<path>' = [if (<condition>)] <body>`. */
export interface BicepModule {
  readonly symbol: string;
  readonly path: string;
  readonly body: Node;
  readonly condition?: Node;
}

/** An `output` declaration. */
export interface BicepOutput {
  readonly name: string;
  readonly type: string;
  readonly value: Node;
}

/** The keys and value nodes of an object literal (identifier keys and plain string keys). */
export function objectProperties(node: Node): Map<string, Node> {
  const properties = new Map<string, Node>();
  if (node.type !== 'object') return properties;
  for (const property of node.namedChildren) {
    if (property?.type !== 'object_property') continue;
    const [key, value] = property.namedChildren;
    if (!key || !value) continue;
    const name = key.type === 'identifier' ? key.text : stringLiteral(key);
    if (name !== undefined) properties.set(name, value);
  }
  return properties;
}

/** Follows `a.b.c` through nested object literals; undefined when a step is missing. */
export function propertyAt(node: Node, path: string): Node | undefined {
  let current: Node | undefined = node;
  for (const step of path.split('.'))
    current = current && objectProperties(current).get(step);
  return current;
}

/** Content of a string literal without interpolation, else undefined. */
export function stringLiteral(node: Node): string | undefined {
  if (
    node.type !== 'string' ||
    node.namedChildren.some((c) => c?.type === 'interpolation')
  )
    return undefined;
  return node.namedChildren.map((c) => c?.text ?? '').join('');
}

/**
 * One parsed `.bicep` file and its top-level declarations, read from the tree-sitter syntax tree
 * (never from regular expressions over the text).
 */
export class BicepFile {
  readonly targetScope?: string;
  readonly params = new Map<string, BicepParam>();
  readonly variables = new Map<string, Node>();
  readonly resources: BicepResource[] = [];
  readonly modules: BicepModule[] = [];
  readonly outputs = new Map<string, BicepOutput>();

  constructor(
    readonly path: string,
    readonly root: Node,
  ) {
    let decorators = new Map<string, Node[]>();
    for (const node of root.namedChildren) {
      if (!node) continue;
      if (node.type === 'decorators') {
        decorators = readDecorators(node);
        continue;
      }
      const [first, second, third] = node.namedChildren;
      if (node.type === 'target_scope_assignment')
        this.targetScope = first ? stringLiteral(first) : undefined;
      if (node.type === 'parameter_declaration' && first && second) {
        this.params.set(first.text, {
          name: first.text,
          type: second.text,
          defaultValue: third ?? undefined,
          decorators,
        });
      }
      if (node.type === 'variable_declaration' && first && second)
        this.variables.set(first.text, second);
      if (node.type === 'resource_declaration' && first && second && third) {
        const [type, apiVersion = ''] = (stringLiteral(second) ?? '').split(
          '@',
        );
        this.resources.push({
          symbol: first.text,
          type,
          apiVersion,
          ...conditional(third),
        });
      }
      if (node.type === 'module_declaration' && first && second && third) {
        this.modules.push({
          symbol: first.text,
          path: stringLiteral(second) ?? '',
          ...conditional(third),
        });
      }
      if (node.type === 'output_declaration' && first && second && third) {
        this.outputs.set(first.text, {
          name: first.text,
          type: second.text,
          value: third,
        });
      }
      decorators = new Map();
    }
  }

  /** The resource declared as `symbol`. @throws Error when there is none. */
  resource(symbol: string): BicepResource {
    const found = this.resources.find((r) => r.symbol === symbol);
    if (!found) throw new Error(`${this.path}: no resource ${symbol}`);
    return found;
  }

  /** Every resource of an ARM type (without API version). */
  resourcesOfType(type: string): BicepResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The module declared as `symbol`. @throws Error when there is none. */
  module(symbol: string): BicepModule {
    const found = this.modules.find((m) => m.symbol === symbol);
    if (!found) throw new Error(`${this.path}: no module ${symbol}`);
    return found;
  }

  /** The parameter `name`. @throws Error when there is none. */
  param(name: string): BicepParam {
    const found = this.params.get(name);
    if (!found) throw new Error(`${this.path}: no param ${name}`);
    return found;
  }
}

function readDecorators(node: Node): Map<string, Node[]> {
  const decorators = new Map<string, Node[]>();
  for (const decorator of node.namedChildren) {
    const call = decorator?.namedChildren[0];
    const name = call?.childForFieldName('function')?.text;
    const args = call?.childForFieldName('arguments')?.namedChildren ?? [];
    if (name)
      decorators.set(
        name,
        args.filter((a): a is Node => a !== null),
      );
  }
  return decorators;
}

function conditional(node: Node): { body: Node; condition?: Node } {
  if (node.type !== 'if_statement') return { body: node };
  const [condition, body] = node.namedChildren;
  return {
    body: body ?? node,
    condition: condition?.namedChildren[0] ?? undefined,
  };
}
