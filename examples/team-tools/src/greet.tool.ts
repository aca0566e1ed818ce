import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  McpTool,
  type McpToolFn,
  ToolError,
  ToolResult,
} from '@stateless-mcp/nest';

const Input = z.strictObject({
  name: z.string().min(1).max(50).describe('Who to greet'),
  greeting: z.string().max(20).default('Hello').describe('How to greet'),
});

/**
 * Greets someone. The input is declared once, with zod: it is the `tools/list` schema, the
 * validation (bad arguments come back as an `isError` result naming every field) and `execute`'s
 * type: TypeScript infers `name` and `greeting` (a string: its default is filled in before
 * `execute` runs), and `@McpTool` refuses at compile time an `execute` that does not fit `Input`.
 */
@Injectable()
@McpTool({
  name: 'team_greet',
  description: 'Greets someone by name.',
  input: Input,
  annotations: { readOnlyHint: true },
})
export class GreetTool {
  execute: McpToolFn<typeof Input> = ({ name, greeting }) => {
    // A rule on the trimmed value: zod's .trim() is a transform, which a JSON Schema cannot carry,
    // so it is checked here. A ToolError's message is shown to the model as an isError result.
    if (!name.trim()) throw new ToolError('name must not be blank');
    return ToolResult.text(`${greeting}, ${name}!`);
  };
}
