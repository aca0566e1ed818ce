import { Module } from '@nestjs/common';
import { ProtocolModule } from '../../src/protocol/protocol.module.js';
import * as content from './fixtures/content-tools.fixtures.js';
import * as elicitation from './fixtures/elicitation-tools.fixtures.js';
import * as input from './fixtures/input-tools.fixtures.js';
import * as prompts from './fixtures/prompt.fixtures.js';
import * as resources from './fixtures/resource.fixtures.js';
import * as tasks from './fixtures/task-tools.fixtures.js';

/**
 * Everything the official conformance suite calls by name. Loaded only by the conformance entry
 * point and tests, never by the shipped server.
 */
@Module({
  imports: [ProtocolModule],
  providers: [content, elicitation, input, prompts, resources, tasks]
    .flatMap((m) => Object.values(m))
    .filter((x) => typeof x === 'function'),
})
export class ConformanceFixturesModule {}
