import { Module } from '@nestjs/common';
import { InstanceModule } from '../instance/instance.module.js';
import { HandlesModule } from '../handles/handles.module.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { StatusController } from './status.controller.js';

/**
 * The status page at `/` (served by Express and Nest: not the `/mcp` hot path). Reads the handle
 * backend from `HandlesEnvironment`, which `HandlesModule` exports.
 */
@Module({
  imports: [
    HandlesModule,
    InstanceModule,
    ProtocolModule,
    ToolsModule,
    TasksModule,
  ],
  controllers: [StatusController],
})
export class StatusModule {}
