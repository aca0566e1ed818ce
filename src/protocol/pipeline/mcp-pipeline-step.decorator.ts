import { DiscoveryService } from '@nestjs/core';
import type { McpStepOptions } from './mcp-step.interface.js';

/**
 * Marks a provider as a step of the `POST /mcp` pipeline (it implements `McpStep`). Adding the
 * class to any module's providers is all it takes; the pipeline discovers it at boot.
 */
export const McpPipelineStep =
  DiscoveryService.createDecorator<McpStepOptions>();
