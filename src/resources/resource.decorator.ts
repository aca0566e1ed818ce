import { DiscoveryService } from '@nestjs/core';
import { DecoratedClasses, remembering } from '../common/decorated-classes.js';
import type {
  McpResourceOptions,
  McpResourceTemplateOptions,
} from './resource-options.interface.js';

/** Every class `@McpResource` / `@McpResourceTemplate` marked in this process (boot warns about those never provided). */
export const decoratedResources = new DecoratedClasses();

/**
 * Marks an injectable class as an MCP resource at a fixed URI. The class implements
 * `McpResourceHandler`; adding it to any module's providers is all it takes.
 */
export const McpResource = remembering(
  DiscoveryService.createDecorator<McpResourceOptions>(),
  decoratedResources,
  (options) => `@McpResource '${options.uri}'`,
);

/**
 * Marks an injectable class as an MCP resource template (`facts://{topic}`). The class implements
 * `McpResourceTemplateHandler`: it reads any URI the template matches and may list and complete.
 */
export const McpResourceTemplate = remembering(
  DiscoveryService.createDecorator<McpResourceTemplateOptions>(),
  decoratedResources,
  (options) => `@McpResourceTemplate '${options.uriTemplate}'`,
);
