import type { HandlerParam, HandlerSignature } from './handler-signature.js';
import {
  MCP_PARAM_DECORATORS,
  McpParamtype,
  isMcpParamEntry,
} from './mcp-param.decorators.js';
import {
  type EnhancerKind,
  httpParamDecoratorName,
  isCustomParamKey,
  NEST_METADATA,
  type NestParamEntry,
  type NestParamsMetadata,
  paramKey,
  paramTypeOf,
} from './nest-internals.adapter.js';

/** What an undecorated parameter at a position of the signature receives. */
const IMPLICIT: Readonly<Record<HandlerParam, McpParamtype>> = {
  args: McpParamtype.ARGS,
  context: McpParamtype.CONTEXT,
  uri: McpParamtype.URI,
};

const ENHANCERS: Readonly<Record<EnhancerKind, string>> = {
  guards: '@UseGuards',
  interceptors: '@UseInterceptors',
  filters: '@UseFilters',
  pipes: '@UsePipes',
};

const CUSTOM = 'a createParamDecorator() decorator';

/**
 * A handler method's parameters as `ExternalContextCreator` fills them, resolved and checked at
 * boot. An undecorated parameter at a position the registry passes receives what it always has
 * (a tool's `execute(args, ctx)` keeps both when only one is decorated, and pipes apply to `args`),
 * because the signature is fixed by the registry, unlike an HTTP route's. Anything declared that
 * cannot apply is refused with the class, the method and the reason.
 */
export class HandlerParams {
  private constructor(
    /** Every parameter's entry, declared or implicit, keyed as Nest keys them. */
    readonly metadata: Readonly<NestParamsMetadata>,
    /** True when the method declares a parameter decorator (MCP or a team's own). */
    readonly declared: boolean,
  ) {}

  /** @throws Error `Class.method: reason` for a declaration that cannot apply. */
  static of(
    instance: object,
    methodName: string,
    signature: HandlerSignature,
  ): HandlerParams {
    const owner = instance.constructor;
    checkOtherMethods(instance, methodName, signature);
    const where = `${owner.name}.${methodName}`;
    const stored = (Reflect.getMetadata(
      NEST_METADATA.routeArgs,
      owner,
      methodName,
    ) ?? {}) as NestParamsMetadata;
    const metadata: NestParamsMetadata = {};
    const names = new Map<number, string>();
    for (const [key, entry] of Object.entries(stored)) {
      const name = describeEntry(where, key, entry, signature);
      const other = names.get(entry.index);
      if (other)
        throw new Error(
          `${where}: parameter ${entry.index} has two parameter decorators, ${other} and ${name}`,
        );
      names.set(entry.index, name);
      metadata[key] = entry;
    }
    signature.params.forEach((param, index) => {
      if (!names.has(index))
        metadata[paramKey(IMPLICIT[param], index)] = { index, pipes: [] };
    });
    const count = Math.max(-1, ...names.keys()) + 1;
    for (let index = signature.params.length; index < count; index++) {
      if (!names.has(index))
        throw new Error(
          `${where}: parameter ${index} has no parameter decorator, and ${methodName}() is called with ${signature.params.length} arguments (${signature.params.join(', ')}); decorate it, e.g. with @McpContext()`,
        );
    }
    return new HandlerParams(Object.freeze(metadata), names.size > 0);
  }
}

/** The decorator behind `entry`, for messages. @throws Error when it cannot apply. */
function describeEntry(
  where: string,
  key: string,
  entry: NestParamEntry,
  signature: HandlerSignature,
): string {
  const at = `parameter ${entry.index}`;
  if (isCustomParamKey(key)) {
    checkPipes(where, at, CUSTOM, entry.pipes);
    return CUSTOM;
  }
  if (!isMcpParamEntry(entry)) {
    throw new Error(
      `${where}: ${at} has ${httpParamDecoratorName(paramTypeOf(key))}, which an MCP handler cannot resolve (it belongs to HTTP routes or another transport); use @McpArgs(), @McpContext(), @McpCaller() or a createParamDecorator() decorator`,
    );
  }
  const type = paramTypeOf(key) as McpParamtype;
  const name = MCP_PARAM_DECORATORS[type];
  checkPipes(where, at, name, entry.pipes);
  if (type !== McpParamtype.ARGS) return name;
  if (!signature.params.includes('args')) {
    throw new Error(
      `${where}: ${name} on ${at} has nothing to take: the method is called with ${signature.params.join(', ')} and no arguments (a resource template's variables are its arguments)`,
    );
  }
  const field = entry.data;
  if (field === undefined) return name;
  if (typeof field !== 'string')
    throw new Error(`${where}: @McpArgs() on ${at} takes a field name`);
  const known = signature.argumentNames;
  if (known && !known.includes(field)) {
    throw new Error(
      `${where}: @McpArgs('${field}') on ${at}: '${field}' is not one of its arguments (${known.join(', ') || 'it declares none'})`,
    );
  }
  return `@McpArgs('${field}')`;
}

/** @throws Error when something given as a pipe has no `transform()`. */
function checkPipes(
  where: string,
  at: string,
  name: string,
  pipes: readonly unknown[],
): void {
  for (const pipe of pipes) {
    const transform =
      typeof pipe === 'function'
        ? (pipe.prototype as { transform?: unknown } | undefined)?.transform
        : (pipe as { transform?: unknown } | null)?.transform;
    if (typeof transform !== 'function')
      throw new Error(
        `${where}: ${name} on ${at} was given something that is not a pipe (it has no transform())`,
      );
  }
}

/**
 * Refuses what is declared on the class's other methods but only applies to its handler: MCP
 * parameter decorators anywhere else, and enhancers or parameter decorators on the methods the
 * registry calls directly (`beforeTask`, `complete`…).
 */
function checkOtherMethods(
  instance: object,
  methodName: string,
  signature: HandlerSignature,
): void {
  const owner = instance.constructor;
  const hooks = signature.hooks ?? [];
  for (const name of methodNames(instance)) {
    if (name === methodName) continue;
    const where = `${owner.name}.${name}`;
    const params = Object.entries(
      (Reflect.getMetadata(NEST_METADATA.routeArgs, owner, name) ??
        {}) as NestParamsMetadata,
    );
    const hook = hooks.includes(name);
    const misplaced = params.find(
      ([key, entry]) =>
        hook || (!isCustomParamKey(key) && isMcpParamEntry(entry)),
    );
    if (misplaced) {
      const [key, entry] = misplaced;
      const decorator = isCustomParamKey(key)
        ? CUSTOM
        : isMcpParamEntry(entry)
          ? MCP_PARAM_DECORATORS[paramTypeOf(key) as McpParamtype]
          : httpParamDecoratorName(paramTypeOf(key));
      throw new Error(
        `${where}: ${decorator} on parameter ${entry.index} cannot apply: parameter decorators are resolved for ${methodName}() only${hook ? `, and ${name}() is called directly` : ''}`,
      );
    }
    if (!hook) continue;
    const method = (instance as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    for (const [kind, decorator] of Object.entries(ENHANCERS)) {
      const declared = Reflect.getMetadata(
        NEST_METADATA[kind as EnhancerKind],
        method,
      ) as unknown[] | undefined;
      if (declared?.length)
        throw new Error(
          `${where}: ${decorator} cannot apply: ${name}() is called directly, without enhancers; declare them on ${methodName}() or on the class`,
        );
    }
  }
}

/** The names of the methods `instance` has, its class's and inherited ones. */
function methodNames(instance: object): Set<string> {
  const names = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(instance) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto))
      if (name !== 'constructor') names.add(name);
  }
  return names;
}
