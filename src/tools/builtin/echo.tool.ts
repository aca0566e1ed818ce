import { Injectable } from '@nestjs/common';
import { InstanceInfo } from '../../instance/instance-info.js';
import { McpTool } from '../tool.decorator.js';
import type { McpToolHandler } from '../tool-handler.interface.js';

interface EchoArgs {
  message: string;
}

/** Echoes a message back, tagged with the serving instance. */
@McpTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo a message back, tagged with the serving instance.',
  inputSchema: {
    type: 'object',
    properties: {
      message: {
        type: 'string',
        description: 'Message to echo',
        maxLength: 10_000,
      },
    },
    required: ['message'],
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: {
      message: { type: 'string' },
      instance_id: { type: 'string' },
    },
    required: ['message', 'instance_id'],
  },
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class EchoTool implements McpToolHandler<EchoArgs> {
  constructor(private readonly instance: InstanceInfo) {}

  execute({ message }: EchoArgs) {
    return { message, instance_id: this.instance.instanceId };
  }
}
