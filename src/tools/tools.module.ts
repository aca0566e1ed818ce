import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProtocolModule } from '../protocol/protocol.module.js';
import { JsonSchemaCompiler } from './schema/json-schema.compiler.js';
import { ToolInvoker } from './tool.invoker.js';
import { ToolRegistry } from './tool.registry.js';
import { ToolsMethods } from './tools.methods.js';

/** The tool extension point: discovery of `@McpTool` providers and the `tools/*` methods. */
@Module({
  imports: [DiscoveryModule, ProtocolModule],
  providers: [JsonSchemaCompiler, ToolRegistry, ToolInvoker, ToolsMethods],
  exports: [ToolRegistry, ToolInvoker],
})
export class ToolsModule {}
