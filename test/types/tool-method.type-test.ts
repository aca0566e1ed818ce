// Type tests: `@McpTool` on a class whose `execute` is a method (the documented helper types:
// `ToolArgs<typeof Input>`, `ToolOutput<typeof Output>`). No `implements` clause anywhere: the
// decorator itself checks the class. Each mistake carries the code it must fail with and sits
// beside a control that compiles (checked by test/type-tests.e2e-spec.ts).
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  InputRequired,
  McpTool,
  type McpToolHandler,
  type ToolArgs,
  type McpCallContext,
  type ToolOutput,
  ToolResult,
} from '../../src/index.js';

const Input = z.strictObject({
  name: z.string(),
  greeting: z.string().default('Hello'),
});
const Output = z.object({ text: z.string() });
export const Other = z.strictObject({ count: z.int() });

type Args = ToolArgs<typeof Input>;
type Out = ToolOutput<typeof Output>;

const GREET = {
  name: 'greet',
  description: 'Greets',
  input: Input,
  output: Output,
};

// Control: the argument and result typed from the schemas.
@Injectable()
@McpTool(GREET)
export class Greet {
  execute({ name, greeting }: Args, ctx: McpCallContext): Out {
    ctx.progress(1, 1);
    return { text: `${greeting}, ${name}` };
  }
}

// Mistake: the argument typed from another schema.
@Injectable()
// @ts-expect-error TS1238 — execute's argument is another schema's
@McpTool(GREET)
export class WrongArgs {
  execute({ count }: ToolArgs<typeof Other>): Out {
    return { text: String(count) };
  }
}

// Control: a wider argument type (it accepts everything the schema lets through) is sound.
@Injectable()
@McpTool(GREET)
export class WiderArgs {
  execute({ name }: { name: string }): Out {
    return { text: name };
  }
}

// Mistake: a narrower argument type, expecting a field the schema never guarantees. An
// `implements` clause would let this through (methods compare bivariantly); the decorator does
// not (its `execute` is a function-typed property, compared strictly).
@Injectable()
// @ts-expect-error TS1238 — execute expects a field the schema does not have
@McpTool(GREET)
export class NarrowerArgs {
  execute({ name, title }: Args & { title: string }): Out {
    return { text: `${title} ${name}` };
  }
}

// Mistake: the defaulted field treated as optional is fine, but treating a required one as a
// number is not.
@Injectable()
// @ts-expect-error TS1238 — name is a string in the schema
@McpTool(GREET)
export class WrongFieldType {
  execute({ name }: { name: number }): Out {
    return { text: name.toFixed() };
  }
}

// Mistake: a result that does not fit the output schema.
@Injectable()
// @ts-expect-error TS1238 — the result has no text
@McpTool(GREET)
export class WrongResult {
  execute({ name }: Args) {
    return { txt: name };
  }
}

// Mistake: an async result that does not fit either.
@Injectable()
// @ts-expect-error TS1238 — the promised result has no text
@McpTool(GREET)
export class WrongAsyncResult {
  async execute({ name }: Args) {
    return Promise.resolve({ text: name.length });
  }
}

// Control: async, and every other result a tool may give: a ToolResult carrying the output,
// a tool error, an InputRequired.
@Injectable()
@McpTool(GREET)
export class OtherResults {
  async execute({ name }: Args) {
    if (name === 'error') return ToolResult.error('No such person');
    if (name === 'ask') return new InputRequired();
    if (name === 'text') return ToolResult.text('no structured content');
    return Promise.resolve(ToolResult.structured({ text: name }));
  }
}

// Mistake: a ToolResult whose structured content does not fit the output schema.
@Injectable()
// @ts-expect-error TS1238 — structured content without text
@McpTool(GREET)
export class WrongStructuredResult {
  execute({ name }: Args) {
    return ToolResult.structured({ name });
  }
}

// Mistake: returning nothing while an output schema is declared (at run time: a tool error).
@Injectable()
// @ts-expect-error TS1238 — no result, but the output schema requires one
@McpTool(GREET)
export class NoResult {
  execute(): void {}
}

// Control: without an output schema, any result (or none).
@Injectable()
@McpTool({ name: 'fire', description: 'Returns nothing', input: Input })
export class NoOutputSchema {
  execute(): void {}
}

// Mistake: the context typed as something else.
@Injectable()
// @ts-expect-error TS1238 — the second argument is the McpCallContext
@McpTool(GREET)
export class WrongContext {
  execute(args: Args, ctx: { tenant: string }): Out {
    return { text: ctx.tenant };
  }
}

// Mistake: runsAsTask (task-optional tools) sees the same arguments as execute.
@Injectable()
// @ts-expect-error TS1238 — runsAsTask's argument is another schema's
@McpTool({ ...GREET, taskSupport: 'optional' })
export class WrongRunsAsTask {
  execute({ name }: Args): Out {
    return { text: name };
  }

  runsAsTask({ count }: ToolArgs<typeof Other>): boolean {
    return count > 10;
  }
}

// Control: runsAsTask and beforeTask with the schema's arguments.
@Injectable()
@McpTool({ ...GREET, taskSupport: 'optional' })
export class TaskHooks {
  execute({ name }: Args): Out {
    return { text: name };
  }

  beforeTask({ name }: Args, ctx: McpCallContext): undefined {
    ctx.log('info', name);
    return undefined;
  }

  runsAsTask({ name }: Args): boolean {
    return name.length > 10;
  }
}

// Mistake: no execute at all (at run time: a boot error).
@Injectable()
// @ts-expect-error TS1238 — a tool class needs execute
@McpTool(GREET)
export class NoExecute {}

// Mistake: `implements McpToolHandler` with the wrong schema's type compiles on its own (the
// interface's method is bivariant): the decorator is what refuses it.
@Injectable()
// @ts-expect-error TS1238 — the decorator catches what implements lets through
@McpTool(GREET)
export class ImplementsNarrower implements McpToolHandler<
  Args & { title: string },
  Out
> {
  execute({ name, title }: Args & { title: string }): Out {
    return { text: `${title} ${name}` };
  }
}
