import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { ResourceReader } from './resource.reader.js';
import { ResourceRegistry } from './resource.registry.js';
import { ResourcesMethods } from './resources.methods.js';

/** The resource extension point: discovery of `@McpResource`/`@McpResourceTemplate` and `resources/*`. */
@Module({
  imports: [DiscoveryModule, ProtocolModule],
  providers: [ResourceRegistry, ResourceReader, ResourcesMethods],
  exports: [ResourceRegistry],
})
export class ResourcesModule {}
