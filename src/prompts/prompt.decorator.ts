import { DiscoveryService } from '@nestjs/core';
import { DecoratedClasses, remembering } from '../common/decorated-classes.js';
import type { McpPromptOptions } from './prompt-options.interface.js';

/** Every class `@McpPrompt` marked in this process, to warn at boot about those never provided. */
export const decoratedPrompts = new DecoratedClasses();

/**
 * Marks an injectable class as an MCP prompt. The class implements `McpPromptHandler`; adding it
 * to any module's providers is all it takes (a marked class no module provides is warned about).
 */
export const McpPrompt = remembering(
  DiscoveryService.createDecorator<McpPromptOptions>(),
  decoratedPrompts,
  (options) => `@McpPrompt '${options.name}'`,
);
