import { Module } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { BUILTIN_TOOLS_CONFIG } from '../../server-config.slices.js';
import { BuiltinToolsEnvironment } from './builtin-tools.env.js';
import { ComputePrimesTool } from './compute-primes.tool.js';
import { EchoTool } from './echo.tool.js';
import { LookupFactTool } from './lookup-fact.tool.js';
import { PrimePool } from './primes/prime-pool.service.js';
import { TallyTool } from './tally.tool.js';
import { WhoamiTool } from './whoami.tool.js';

/**
 * The built-in tools, those of the Python sample this project re-creates. Each `@McpTool` class
 * listed here is discovered; nothing else to register. `HandleService` and `InstanceInfo` come from
 * the global `McpModule`, as in any team's module.
 */
@Module({
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
