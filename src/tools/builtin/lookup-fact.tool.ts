import { Injectable } from '@nestjs/common';
import { McpTool } from '../tool.decorator.js';
import type { McpToolHandler } from '../tool-handler.interface.js';
import { FACTS } from './facts.data.js';

const TOPICS = Object.freeze(Object.keys(FACTS).sort());

/** Looks a topic up in the static fact table; a miss is a normal answer listing the topics. */
@McpTool({
  name: 'lookup_fact',
  title: 'Look up a fact',
  description: `Look up a static fact about App Service, MCP, or scaling. Topics: ${TOPICS.join(', ')}.`,
  inputSchema: {
    type: 'object',
    properties: {
      topic: {
        type: 'string',
        description: 'Topic to look up',
        maxLength: 200,
      },
    },
    required: ['topic'],
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: {
      topic: { type: 'string' },
      found: { type: 'boolean' },
      fact: { type: 'string' },
      available_topics: { type: 'array', items: { type: 'string' } },
    },
    required: ['topic', 'found'],
  },
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class LookupFactTool implements McpToolHandler<{ topic: string }> {
  execute({ topic }: { topic: string }) {
    const key = topic.trim().toLowerCase();
    const fact = Object.hasOwn(FACTS, key) ? FACTS[key] : undefined;
    return fact === undefined
      ? { topic: key, found: false, available_topics: TOPICS }
      : { topic: key, found: true, fact };
  }
}
