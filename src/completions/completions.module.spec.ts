import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Injectable, Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfigModule } from '../config/app-config.module.js';
import { HandlesModule } from '../handles/handles.module.js';
import { HealthModule } from '../health/health.module.js';
import { McpPrompt } from '../prompts/prompt.decorator.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import { McpResource } from '../resources/resource.decorator.js';
import { CompletionsModule } from './completions.module.js';

@McpPrompt({ name: 'p', description: 'a prompt' })
@Injectable()
class OnePrompt {
  get() {
    return 'p';
  }
}

@McpResource({ uri: 'x://r', name: 'r' })
@Injectable()
class OneResource {
  read() {
    return 'r';
  }
}

/**
 * Boots the capability modules and what the protocol layer needs (no built-ins) with `providers`
 * and returns the method table.
 */
async function methodsWith(providers: Type[]): Promise<McpMethodRegistry> {
  @Module({ providers })
  class Extra {}
  const ref = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot({ NODE_ENV: 'test' }),
      HealthModule,
      HandlesModule,
      CompletionsModule,
      Extra,
    ],
  }).compile();
  await ref.init();
  return ref.get(McpMethodRegistry);
}

const METHODS = [
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'prompts/list',
  'prompts/get',
  'completion/complete',
];

describe('capabilities are declared only for what is registered', () => {
  it('offers nothing, so every method is unknown (-32601), when nothing is registered', async () => {
    const registry = await methodsWith([]);
    for (const name of ['resources', 'prompts', 'completions'])
      expect(registry.capabilities()[name]).toBeUndefined();
    for (const method of METHODS)
      expect(registry.lookup('modern', method)).toBeUndefined();
  });

  it('offers resources alone, without completions, when only a static resource exists', async () => {
    const registry = await methodsWith([OneResource]);
    expect(registry.capabilities()).toMatchObject({
      resources: { listChanged: true },
    });
    expect(registry.capabilities().completions).toBeUndefined();
    expect(registry.lookup('modern', 'resources/read')).toBeDefined();
    expect(registry.lookup('legacy', 'resources/read')).toBeDefined();
    expect(registry.lookup('modern', 'prompts/get')).toBeUndefined();
  });

  it('offers prompts and completions when a prompt exists', async () => {
    const registry = await methodsWith([OnePrompt]);
    expect(registry.capabilities()).toMatchObject({
      prompts: { listChanged: true },
      completions: {},
    });
    expect(registry.capabilities().resources).toBeUndefined();
    expect(registry.lookup('modern', 'completion/complete')).toBeDefined();
  });
});
