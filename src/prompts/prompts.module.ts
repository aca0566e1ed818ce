import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { PromptRenderer } from './prompt.renderer.js';
import { PromptRegistry } from './prompt.registry.js';
import { PromptsMethods } from './prompts.methods.js';

/** The prompt extension point: discovery of `@McpPrompt` providers and the `prompts/*` methods. */
@Module({
  imports: [DiscoveryModule, ProtocolModule],
  providers: [PromptRegistry, PromptRenderer, PromptsMethods],
  exports: [PromptRegistry],
})
export class PromptsModule {}
