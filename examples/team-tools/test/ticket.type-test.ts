// Compiled by `npm run typecheck` (tsc over src/ and test/), never run: `team_ticket`'s arguments
// and result are checked against its zod schemas at compile time, with no `implements` clause.
// Each mistake below must fail to compile (an unused `@ts-expect-error` fails the build too),
// beside a control that compiles.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { McpTool, type McpToolFn } from '@stateless-mcp/nest';

const Input = z.strictObject({
  title: z.string().min(1).max(80),
  priority: z.enum(['low', 'normal', 'high']).default('normal'),
});
const Output = z.object({ id: z.string(), priority: z.string() });
const TOOL = { description: 'Type test', input: Input, output: Output };

/** The control: the inferred arguments used as the schema says. */
@Injectable()
@McpTool({ name: 'ticket_control', ...TOOL })
export class Control {
  execute: McpToolFn<typeof Input, typeof Output> = ({ title, priority }) => ({
    id: title.toUpperCase(),
    priority,
  });
}

/** A priority the schema does not allow. */
@Injectable()
@McpTool({ name: 'ticket_bad_priority', ...TOOL })
export class BadPriority {
  execute: McpToolFn<typeof Input, typeof Output> = ({ priority }) => ({
    id: '1',
    // @ts-expect-error 'urgent' is not one of the priorities Input allows
    priority: priority === 'urgent' ? 'now' : priority,
  });
}

/** An argument the schema does not have. */
@Injectable()
@McpTool({ name: 'ticket_unknown_argument', ...TOOL })
export class UnknownArgument {
  // @ts-expect-error Input has no `assignee`
  execute: McpToolFn<typeof Input, typeof Output> = ({ assignee }) => ({
    id: String(assignee),
    priority: 'low',
  });
}

/** A result without the `id` Output requires, on a method: `@McpTool` refuses the class. */
@Injectable()
// @ts-expect-error the result lacks `id`
@McpTool({ name: 'ticket_missing_id', ...TOOL })
export class MissingId {
  execute({ priority }: { title: string; priority: string }) {
    return { priority };
  }
}
