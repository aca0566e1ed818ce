import { Module } from '@nestjs/common';
import { StatusController } from './status.controller.js';

/**
 * The status page at `/` (served by Express and Nest: not the `/mcp` hot path). Reads the MCP
 * layer through `McpStatus`, which the global `McpModule` exports.
 */
@Module({
  controllers: [StatusController],
})
export class StatusModule {}
