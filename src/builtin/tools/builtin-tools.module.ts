import { Module } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { InstanceModule } from '../../instance/instance.module.js';
import { BUILTIN_TOOLS_CONFIG } from '../../server-config.slices.js';
import { HandlesModule } from '../../handles/handles.module.js';
import { BuiltinToolsEnvironment } from './builtin-tools.env.js';
import { ComputePrimesTool } from './compute-primes.tool.js';
import { EchoTool } from './echo.tool.js';
import { LookupFactTool } from './lookup-fact.tool.js';
import { PrimePool } from './primes/prime-pool.service.js';
import { TallyTool } from './tally.tool.js';
import { WhoamiTool } from './whoami.tool.js';

/**
 * The built-in tools, those of the Python sample this project re-creates. Each `@McpTool` class
 * listed here is discovered; nothing else to register.
 */
@Module({
  imports: [HandlesModule, InstanceModule],
  providers: [
    // The server's `builtinTools` configuration slice (`ConfigModule`, global).
    {
      provide: BuiltinToolsEnvironment,
      useExisting: getConfigToken(BUILTIN_TOOLS_CONFIG),
    },
    PrimePool,
    WhoamiTool,
    EchoTool,
    LookupFactTool,
    ComputePrimesTool,
    TallyTool,
  ],
})
export class BuiltinToolsModule {}
