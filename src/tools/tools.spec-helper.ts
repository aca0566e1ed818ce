import type { Provider, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { InsufficientScope } from '../protocol/auth/insufficient-scope.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { McpHandlerEnhancer } from '../protocol/execution/mcp-handler.enhancer.js';
import { JsonSchemaCompiler } from './schema/json-schema.compiler.js';
import { ToolInvoker } from './tool.invoker.js';
import { ToolRegistry } from './tool.registry.js';

/** The refusal a call without a required scope gets in these specs (no authenticator: a plain 403). */
export const scopeRefusal = (_headers: unknown, scopes: readonly string[]) =>
  new JsonRpcError(-32600, `needs ${scopes.join(' ')}`, undefined, 403);

/**
 * Boots the tool registry and invoker over `tools` (and any other providers) the way `ToolsModule`
 * does, without HTTP. Rejects with the registry's boot error when a tool is refused.
 */
export async function bootTools(...tools: (Type | Provider)[]) {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      JsonSchemaCompiler,
      ToolRegistry,
      ToolInvoker,
      McpHandlerEnhancer,
      { provide: InsufficientScope, useValue: { refuse: scopeRefusal } },
      ...tools,
    ],
  }).compile();
  await module.init();
  return {
    module,
    registry: module.get(ToolRegistry),
    invoker: module.get(ToolInvoker),
  };
}
