import { Module } from '@nestjs/common';
import { CheckLoadDistributionPrompt } from './check-load-distribution.prompt.js';
import { ExplainFactPrompt } from './explain-fact.prompt.js';

/** The built-in prompts. Each `@McpPrompt` class listed here is discovered; nothing else to register. */
@Module({
  providers: [ExplainFactPrompt, CheckLoadDistributionPrompt],
})
export class BuiltinPromptsModule {}
