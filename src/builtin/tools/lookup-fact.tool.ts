import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { FACTS } from './facts.data.js';
import {
  type ToolArgs,
  type ToolOutput,
  McpTool,
  type McpToolHandler,
} from '../../index.js';

const TOPICS = Object.freeze(Object.keys(FACTS).sort());

const LookupFactInput = z.strictObject({
  topic: z.string().max(200).describe('Topic to look up'),
});

const LookupFactOutput = z.object({
  topic: z.string(),
  found: z.boolean(),
  fact: z.string().optional(),
  available_topics: z.array(z.string()).optional(),
});

/** Looks a topic up in the static fact table; a miss is a normal answer listing the topics. */
@McpTool({
  name: 'lookup_fact',
  title: 'Look up a fact',
  description: `Look up a static fact about App Service, MCP, or scaling. Topics: ${TOPICS.join(', ')}.`,
  input: LookupFactInput,
  output: LookupFactOutput,
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
})
@Injectable()
export class LookupFactTool implements McpToolHandler<
  ToolArgs<typeof LookupFactInput>,
  ToolOutput<typeof LookupFactOutput>
> {
  execute({
    topic,
  }: ToolArgs<typeof LookupFactInput>): ToolOutput<typeof LookupFactOutput> {
    const key = topic.trim().toLowerCase();
    const fact = Object.hasOwn(FACTS, key) ? FACTS[key] : undefined;
    return fact === undefined
      ? { topic: key, found: false, available_topics: [...TOPICS] }
      : { topic: key, found: true, fact };
  }
}
