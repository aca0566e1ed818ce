import { Injectable } from '@nestjs/common';
import { FACT_TOPICS, factUri } from '../resources/fact.resource.js';
import { FACTS } from '../tools/facts.data.js';
import {
  McpPrompt,
  type McpPromptHandler,
  PromptArgumentError,
  type PromptMessage,
} from '../../index.js';

const AUDIENCES = ['architect', 'beginner', 'developer', 'manager'];

/**
 * Explains one topic of the fact table to a chosen audience, grounded in the fact resource it
 * embeds, so the model answers from the server's text rather than from memory.
 */
@McpPrompt({
  name: 'explain_fact',
  title: 'Explain a topic',
  description:
    'Explain a topic of the fact table (App Service, deployment slots, handles, MCP, stateless HTTP) for an audience, grounded in the fact resource.',
  arguments: [
    {
      name: 'topic',
      description: `Topic to explain: ${FACT_TOPICS.join(', ')}`,
      required: true,
      completions: FACT_TOPICS,
    },
    {
      name: 'audience',
      description: 'Who the explanation is for (default: developer)',
      completions: AUDIENCES,
    },
  ],
})
@Injectable()
export class ExplainFactPrompt implements McpPromptHandler<{
  topic: string;
  audience?: string;
}> {
  get({
    topic,
    audience = 'developer',
  }: {
    topic: string;
    audience?: string;
  }): PromptMessage[] {
    const key = topic.trim().toLowerCase();
    if (!Object.hasOwn(FACTS, key)) {
      throw new PromptArgumentError(
        `Unknown topic '${topic.slice(0, 100)}'. Topics: ${FACT_TOPICS.join(', ')}`,
        'topic',
      );
    }
    if (audience.length > 100)
      throw new PromptArgumentError(
        'audience must be at most 100 characters',
        'audience',
      );
    return [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: factUri(key),
            mimeType: 'text/plain',
            text: FACTS[key],
          },
        },
      },
      {
        role: 'user',
        content: {
          type: 'text',
          text:
            `Using only the fact above, explain "${key}" to a ${audience} in one short paragraph. ` +
            "Then give one concrete consequence for an MCP server scaled out behind Azure App Service's load balancer.",
        },
      },
    ];
  }
}
