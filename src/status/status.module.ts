import { Module } from '@nestjs/common';
import { envConfigProvider } from '../config/env-config.provider.js';
import { HandlesEnvironment } from '../handles/handles.env.js';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { StatusController } from './status.controller.js';

/** The status page at `/` (served by Express and Nest: not the `/mcp` hot path). */
@Module({
  imports: [ProtocolModule, ToolsModule],
  controllers: [StatusController],
  providers: [envConfigProvider(HandlesEnvironment)],
})
export class StatusModule {}
