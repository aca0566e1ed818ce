import { DiscoveryService } from '@nestjs/core';
import type { McpToolOptions } from './tool-options.interface.js';

/**
 * Marks an injectable class as an MCP tool. The class implements `McpToolHandler`; the registry
 * discovers it at boot, so adding the class to any module's providers is all it takes.
 */
export const McpTool = DiscoveryService.createDecorator<McpToolOptions>();
