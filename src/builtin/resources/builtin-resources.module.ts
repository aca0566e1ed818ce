import { Module } from '@nestjs/common';
import { FactResource } from './fact.resource.js';

/** The built-in resources. Each decorated class listed here is discovered; nothing else to register. */
@Module({ providers: [FactResource] })
export class BuiltinResourcesModule {}
