import { Module } from '@nestjs/common';
import { DrainHooks } from './drain.hooks.js';

/** What runs when the instance begins to shut down (`DrainHooks`), shared by the modules that drain. */
@Module({
  providers: [DrainHooks],
  exports: [DrainHooks],
})
export class LifecycleModule {}
