// Type tests: `execute` as a function-typed property, `McpToolFn<typeof Input, typeof Output>`:
// TypeScript infers the parameters from the schemas, and `@McpTool` checks the schemas named in
// the type are the ones it declares. Each mistake carries the code it must fail with and sits
// beside a control that compiles (checked by test/type-tests.e2e-spec.ts).
import { type CanActivate, Injectable, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { McpTool, type McpToolFn, ToolResult } from '../../src/index.js';

const Input = z.strictObject({
  name: z.string(),
  greeting: z.string().default('Hello'),
  loud: z.boolean().optional(),
});
const Output = z.object({ text: z.string() });
export const Other = z.strictObject({ count: z.int() });
export const OtherOutput = z.object({ total: z.int() });

const GREET = {
  name: 'greet',
  description: 'Greets',
  input: Input,
  output: Output,
};

/** A dependency, injected through the constructor as in any Nest provider. */
@Injectable()
export class Greeter {
  greet(greeting: string, name: string): string {
    return `${greeting}, ${name}`;
  }
}

// Control: parameters inferred (greeting is a string: its default is filled in), constructor
// injection through `this`, the context used.
@Injectable()
@McpTool(GREET)
export class Greet {
  constructor(private readonly greeter: Greeter) {}

  execute: McpToolFn<typeof Input, typeof Output> = async (
    { name, greeting, loud },
    ctx,
  ) => {
    ctx.progress(1, 1);
    const text = this.greeter.greet(greeting.toUpperCase(), name);
    return { text: loud ? text.toUpperCase() : text };
  };
}

// Mistake: the arguments are inferred, so reading a field the schema lacks fails inside execute.
@Injectable()
@McpTool(GREET)
export class ReadsMissingField {
  execute: McpToolFn<typeof Input, typeof Output> = (args) => ({
    // @ts-expect-error TS2339 — Input has no title
    text: args.title,
  });
}

// Mistake: an optional field used as if it were always there.
@Injectable()
@McpTool(GREET)
export class UsesOptionalAsRequired {
  execute: McpToolFn<typeof Input, typeof Output> = ({ loud }) => ({
    // @ts-expect-error TS18048 — loud may be undefined
    text: loud.valueOf() ? 'YES' : 'no',
  });
}

// Mistake: the result does not fit the output schema.
@Injectable()
@McpTool(GREET)
export class WrongResult {
  // @ts-expect-error TS2322 — the result has no text
  execute: McpToolFn<typeof Input, typeof Output> = ({ name }) => ({
    txt: name,
  });
}

// Mistake: the function typed from another input schema than the decorator declares.
@Injectable()
// @ts-expect-error TS1238 — McpToolFn names another input schema
@McpTool(GREET)
export class OtherInputSchema {
  execute: McpToolFn<typeof Other, typeof Output> = ({ count }) => ({
    text: String(count),
  });
}

// Mistake: the function typed from another output schema than the decorator declares.
@Injectable()
// @ts-expect-error TS1238 — McpToolFn names another output schema
@McpTool(GREET)
export class OtherOutputSchema {
  execute: McpToolFn<typeof Input, typeof OtherOutput> = ({ name }) => ({
    total: name.length,
  });
}

// Control: without an output schema (McpToolFn's second parameter left out), any result.
@Injectable()
@McpTool({ name: 'shout', description: 'Shouts', input: Input })
export class NoOutput {
  execute: McpToolFn<typeof Input> = ({ name }) =>
    ToolResult.text(name.toUpperCase());
}

// Mistake: an annotated parameter that contradicts the schema.
@Injectable()
@McpTool(GREET)
export class AnnotatedWrongly {
  // @ts-expect-error TS2322 — name is a string in the schema
  execute: McpToolFn<typeof Input, typeof Output> = ({
    name,
  }: {
    name: number;
  }) => ({
    text: name.toFixed(),
  });
}

// Control: a tool error or a ToolResult carrying the output.
@Injectable()
@McpTool(GREET)
export class ExplicitResults {
  execute: McpToolFn<typeof Input, typeof Output> = ({ name }) =>
    name === ''
      ? ToolResult.error('name is empty', { field: 'name' })
      : ToolResult.structured({ text: name });
}

/** A guard, to show where enhancers go on this form. */
@Injectable()
export class Allow implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

// Control: enhancers of a function-typed execute go on the class (they apply to execute).
@Injectable()
@McpTool(GREET)
@UseGuards(Allow)
export class GuardedOnClass {
  execute: McpToolFn<typeof Input, typeof Output> = ({ name }) => ({
    text: name,
  });
}

// Mistake: on the property, where Nest would not see them, they do not compile.
@Injectable()
@McpTool(GREET)
export class GuardedOnProperty {
  // @ts-expect-error TS1240 TS1271 — a method decorator cannot decorate a property
  @UseGuards(Allow)
  execute: McpToolFn<typeof Input, typeof Output> = ({ name }) => ({
    text: name,
  });
}
