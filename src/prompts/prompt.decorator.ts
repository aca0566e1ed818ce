import { DiscoveryService } from '@nestjs/core';
import type { McpPromptOptions } from './prompt-options.interface.js';

/**
 * Marks an injectable class as an MCP prompt. The class implements `McpPromptHandler`; adding it
 * to any module's providers is all it takes.
 */
export const McpPrompt = DiscoveryService.createDecorator<McpPromptOptions>();
