// Type tests: what `@McpTool` accepts as options, and the forms that opt out of a check on purpose
// (a JSON Schema literal, parameters from parameter decorators). Each mistake carries the code it
// must fail with and sits beside a control that compiles (checked by test/type-tests.e2e-spec.ts).
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  McpTool,
  type ToolArgs,
  type McpCallContext,
  type ToolOutput,
} from '../../src/index.js';

const Input = z.strictObject({ name: z.string() });
const Output = z.object({ text: z.string() });

// Mistake: a misspelt option is not silently ignored.
@Injectable()
@McpTool({
  name: 'typo',
  // @ts-expect-error TS2561 — descripton is not an option (did you mean description?)
  descripton: 'Misspelt',
  input: Input,
})
export class Misspelt {
  execute(): void {}
}

// Mistake: the input declared twice, as a schema and as a literal.
@Injectable()
// @ts-expect-error TS2345 — input and inputSchema together
@McpTool({
  name: 'twice',
  description: 'Declares its input twice',
  input: Input,
  inputSchema: { type: 'object' },
})
export class DeclaredTwice {
  execute(): void {}
}

// Control: a JSON Schema literal. It has no TypeScript type, so the handler's own annotation
// stands (nothing to check it against); the context and the task hooks are still checked.
@Injectable()
@McpTool({
  name: 'literal',
  description: 'A JSON Schema literal',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
  },
})
export class Literal {
  execute({ text }: { text: string }, ctx: McpCallContext) {
    ctx.log('debug', text);
    return { text };
  }
}

// Mistake: a JSON Schema literal still needs the context where the context goes.
@Injectable()
// @ts-expect-error TS1238 — the second argument is the McpCallContext
@McpTool({
  name: 'literal_ctx',
  description: 'Wrong context',
  inputSchema: { type: 'object' },
})
export class LiteralWrongContext {
  execute(_args: unknown, ctx: { tenant: string }) {
    return ctx.tenant;
  }
}

// Control: parameters from parameter decorators (`parameters: 'decorated'`): TypeScript cannot
// relate a decorated parameter to the schema, so only the result is checked.
@Injectable()
@McpTool({
  name: 'decorated',
  description: 'Parameters from decorators',
  input: Input,
  output: Output,
  parameters: 'decorated',
})
export class Decorated {
  execute(
    name: string,
    subject: string | undefined,
  ): ToolOutput<typeof Output> {
    return { text: `${name} for ${subject ?? 'nobody'}` };
  }
}

// Mistake: with parameters from decorators, the result is still checked.
@Injectable()
// @ts-expect-error TS1238 — the result has no text
@McpTool({
  name: 'decorated_wrong',
  description: 'Parameters from decorators, wrong result',
  input: Input,
  output: Output,
  parameters: 'decorated',
})
export class DecoratedWrongResult {
  execute(name: string) {
    return { txt: name };
  }
}

// Mistake: without `parameters: 'decorated'`, such a signature is an argument mismatch.
@Injectable()
// @ts-expect-error TS1238 — execute's first argument is the arguments object
@McpTool({
  name: 'undeclared',
  description: 'Decorated, undeclared',
  input: Input,
  output: Output,
})
export class DecoratedUndeclared {
  execute(name: string): ToolOutput<typeof Output> {
    return { text: name };
  }
}

// Control: the same tool with the schema's arguments.
@Injectable()
@McpTool({
  name: 'positional',
  description: 'Positional',
  input: Input,
  output: Output,
})
export class Positional {
  execute({ name }: ToolArgs<typeof Input>): ToolOutput<typeof Output> {
    return { text: name };
  }
}
