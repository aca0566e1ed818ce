import { Module } from '@nestjs/common';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { StatusController } from './status.controller.js';

/**
 * The status page at `/` (served by Express and Nest: not the `/mcp` hot path). Reads the handle
 * backend from `HandlesEnvironment`, which the global `HandlesModule` provides.
 */
@Module({
  imports: [ProtocolModule, ToolsModule, TasksModule],
  controllers: [StatusController],
})
export class StatusModule {}
