import { Injectable } from '@nestjs/common';
import { FACTS } from '../tools/facts.data.js';
import {
  type ListedResource,
  McpResourceTemplate,
  type McpResourceTemplateHandler,
  UriTemplate,
} from '../../index.js';

/** Topics of the fact table, sorted. */
export const FACT_TOPICS: readonly string[] = Object.freeze(
  Object.keys(FACTS).sort(),
);

const TEMPLATE = UriTemplate.parse('facts://{topic}');

/** The resource URI of a topic: `facts://app-service`. */
export function factUri(topic: string): string {
  return TEMPLATE.expand({ topic });
}

const LISTED: readonly ListedResource[] = Object.freeze(
  FACT_TOPICS.map((topic) => ({
    uri: factUri(topic),
    name: `fact-${topic}`,
    title: `Fact: ${topic}`,
    description: `The fact table's entry on ${topic}.`,
    size: Buffer.byteLength(FACTS[topic]),
  })),
);

/**
 * The built-in fact table as resources: `facts://{topic}`, each topic also listed by
 * `resources/list`, topics completed for `completion/complete`. The same text `lookup_fact` returns.
 */
@McpResourceTemplate({
  uriTemplate: TEMPLATE.template,
  name: 'fact',
  title: 'Fact about App Service, MCP or scaling',
  description: `A static fact, one resource per topic. Topics: ${FACT_TOPICS.join(', ')}.`,
  mimeType: 'text/plain',
  annotations: { audience: ['user', 'assistant'] },
  completions: { topic: FACT_TOPICS },
})
@Injectable()
export class FactResource implements McpResourceTemplateHandler<{
  topic: string;
}> {
  read(_uri: string, { topic }: { topic: string }): string | undefined {
    return Object.hasOwn(FACTS, topic) ? FACTS[topic] : undefined;
  }

  list(): readonly ListedResource[] {
    return LISTED;
  }
}
