import { DiscoveryService } from '@nestjs/core';
import { DecoratedClasses } from '../common/decorated-classes.js';
import type {
  IsNoSchema,
  NoSchema,
  ToolArgs,
} from './schema/tool-schema.types.js';
import type { StandardSchemaV1 } from './schema/standard-schema.interface.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type { ToolOutputOf, ToolReturn } from './tool-handler.interface.js';
import type {
  McpToolOptions,
  ToolParameters,
} from './tool-options.interface.js';

/**
 * What `@McpTool` holds `execute`'s argument to: the input schema's type, or `any` when the input
 * is a JSON Schema literal (there is no type to hold it to).
 */
type CheckedArgs<In extends StandardSchemaV1> =
  IsNoSchema<In> extends true ? any : ToolArgs<In>;

type CheckedReturn<Out extends StandardSchemaV1> =
  ToolReturn<ToolOutputOf<Out>> | Promise<ToolReturn<ToolOutputOf<Out>>>;

/**
 * The instance a class marked `@McpTool(options)` must create. The members are function-typed
 * properties, not methods, so a method is checked strictly against them (parameters
 * contravariantly, under `strictFunctionTypes`), not bivariantly as an `implements` clause would.
 */
export interface McpToolInstance<
  In extends StandardSchemaV1,
  Out extends StandardSchemaV1,
  P extends ToolParameters | undefined,
> {
  execute: P extends 'decorated'
    ? (...params: any[]) => CheckedReturn<Out>
    : (args: CheckedArgs<In>, ctx: McpCallContext) => CheckedReturn<Out>;
  beforeTask?: (args: CheckedArgs<In>, ctx: McpCallContext) => unknown;
  runsAsTask?: (args: CheckedArgs<In>) => boolean;
}

/** The class decorator `@McpTool(options)` returns: it accepts only a class that fits the schemas. */
export type McpToolDecorator<
  In extends StandardSchemaV1,
  Out extends StandardSchemaV1,
  P extends ToolParameters | undefined,
> = <C extends abstract new (...args: any[]) => McpToolInstance<In, Out, P>>(
  target: C,
) => void;

/** Discovers `@McpTool` classes; the registry reads the options through it. */
export const toolDiscovery = DiscoveryService.createDecorator<McpToolOptions>();

/** Every class `@McpTool` marked in this process, to warn at boot about those never provided. */
export const decoratedTools = new DecoratedClasses();

/**
 * Marks an injectable class as an MCP tool; the registry discovers it at boot, so adding the class
 * to any module's providers is all it takes (a marked class no module provides is warned about).
 *
 * Declare the input once, as a zod 4 schema (or any Standard Schema that emits JSON Schema), and
 * let TypeScript infer `execute`'s parameters from it:
 * ```ts
 * const Input = z.strictObject({ name: z.string(), greeting: z.string().default('Hello') });
 * const Output = z.object({ text: z.string() });
 * @McpTool({ name: 'greet', description: 'Greets someone.', input: Input, output: Output })
 * @Injectable()
 * class Greet {
 *   execute: McpToolFn<typeof Input, typeof Output> = ({ name, greeting }) => ({ text: `${greeting}, ${name}` });
 * }
 * ```
 * A method works too (`execute({ name }: ToolArgs<typeof Input>)`). Either way the decorator itself
 * rejects, at compile time, an `execute` whose argument or result does not fit the schemas. A raw
 * JSON Schema 2020-12 literal (`inputSchema`, `outputSchema`) works too, untyped.
 */
export function McpTool<
  In extends StandardSchemaV1 = NoSchema,
  Out extends StandardSchemaV1 = NoSchema,
  P extends ToolParameters | undefined = undefined,
>(options: McpToolOptions<In, Out, P>): McpToolDecorator<In, Out, P> {
  const mark = toolDiscovery(options);
  return (target) => {
    decoratedTools.remember(target, `@McpTool '${options.name}'`);
    mark(target);
  };
}
