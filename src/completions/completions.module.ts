import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts/prompts.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ResourcesModule } from '../resources/resources.module.js';
import { CompletionMethods } from './completion.methods.js';

/** `completion/complete` over the registered prompts and resource templates. */
@Module({
  imports: [ProtocolModule, PromptsModule, ResourcesModule],
  providers: [CompletionMethods],
})
export class CompletionsModule {}
