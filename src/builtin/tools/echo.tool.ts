import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  InstanceInfo,
  McpTool,
  type McpToolHandler,
  type ToolArgs,
  type ToolOutput,
} from '../../index.js';

const EchoInput = z.strictObject({
  message: z.string().max(10_000).describe('Message to echo'),
});

const EchoOutput = z.object({ message: z.string(), instance_id: z.string() });

/** Echoes a message back, tagged with the serving instance. */
@McpTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo a message back, tagged with the serving instance.',
  input: EchoInput,
  output: EchoOutput,
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class EchoTool implements McpToolHandler<
  ToolArgs<typeof EchoInput>,
  ToolOutput<typeof EchoOutput>
> {
  constructor(private readonly instance: InstanceInfo) {}

  execute({
    message,
  }: ToolArgs<typeof EchoInput>): ToolOutput<typeof EchoOutput> {
    return { message, instance_id: this.instance.instanceId };
  }
}
