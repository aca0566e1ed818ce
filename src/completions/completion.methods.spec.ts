import { describe, expect, it } from '@jest/globals';
import type { PromptRegistry } from '../prompts/prompt.registry.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import type { ResourceRegistry } from '../resources/resource.registry.js';
import { CompletionMethods } from './completion.methods.js';

function boot(promptsEmpty: boolean, hasTemplates: boolean): McpMethodRegistry {
  const methods = new McpMethodRegistry();
  new CompletionMethods(
    methods,
    { isEmpty: promptsEmpty } as PromptRegistry,
    { hasTemplates } as ResourceRegistry,
  ).onApplicationBootstrap();
  return methods;
}

describe(CompletionMethods.name, () => {
  it.each([
    ['no prompt and no template', true, false, false],
    ['a prompt', false, false, true],
    ['a resource template', true, true, true],
  ])(
    'decides the completions capability from what exists: %s',
    (_what, promptsEmpty, hasTemplates, offered) => {
      const methods = boot(promptsEmpty, hasTemplates);
      expect(methods.capabilities().completions).toEqual(
        offered ? {} : undefined,
      );
      expect(
        methods.lookup('modern', 'completion/complete') !== undefined,
      ).toBe(offered);
    },
  );
});
