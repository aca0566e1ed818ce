import { DiscoveryService } from '@nestjs/core';
import type {
  McpResourceOptions,
  McpResourceTemplateOptions,
} from './resource-options.interface.js';

/**
 * Marks an injectable class as an MCP resource at a fixed URI. The class implements
 * `McpResourceHandler`; adding it to any module's providers is all it takes.
 */
export const McpResource =
  DiscoveryService.createDecorator<McpResourceOptions>();

/**
 * Marks an injectable class as an MCP resource template (`facts://{topic}`). The class implements
 * `McpResourceTemplateHandler`: it reads any URI the template matches and may list and complete.
 */
export const McpResourceTemplate =
  DiscoveryService.createDecorator<McpResourceTemplateOptions>();
