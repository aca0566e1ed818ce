import { describe, expect, it } from '@jest/globals';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import type { ProtocolSettings } from '../protocol/protocol-settings.js';
import type { PromptRenderer } from './prompt.renderer.js';
import type { PromptRegistry } from './prompt.registry.js';
import { PromptsMethods } from './prompts.methods.js';

function boot(isEmpty: boolean): McpMethodRegistry {
  const methods = new McpMethodRegistry();
  const registry = { isEmpty } as PromptRegistry;
  new PromptsMethods(
    methods,
    registry,
    {} as PromptRenderer,
    {} as ProtocolSettings,
  ).onApplicationBootstrap();
  return methods;
}

describe(PromptsMethods.name, () => {
  it('offers nothing when no prompt is registered, so the methods are unknown (-32601)', () => {
    const methods = boot(true);
    expect(methods.capabilities().prompts).toBeUndefined();
    expect(methods.lookup('modern', 'prompts/list')).toBeUndefined();
    expect(methods.lookup('modern', 'prompts/get')).toBeUndefined();
  });

  it('declares prompts and serves its methods once a prompt is registered', () => {
    const methods = boot(false);
    expect(methods.capabilities().prompts).toEqual({ listChanged: true });
    expect(methods.lookup('modern', 'prompts/get')).toBeDefined();
    expect(methods.lookup('legacy', 'prompts/list')).toBeDefined();
  });
});
