import { describe, expect, it } from '@jest/globals';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import type { ProtocolSettings } from '../protocol/protocol-settings.js';
import type { ResourceReader } from './resource.reader.js';
import type { ResourceRegistry } from './resource.registry.js';
import { ResourcesMethods } from './resources.methods.js';

const METHODS = [
  'resources/list',
  'resources/templates/list',
  'resources/read',
];

function boot(isEmpty: boolean): McpMethodRegistry {
  const methods = new McpMethodRegistry();
  const registry = { isEmpty } as ResourceRegistry;
  new ResourcesMethods(
    methods,
    registry,
    {} as ResourceReader,
    {} as ProtocolSettings,
  ).onApplicationBootstrap();
  return methods;
}

describe(ResourcesMethods.name, () => {
  it('offers nothing when no resource is registered, so the methods are unknown (-32601)', () => {
    const methods = boot(true);
    expect(methods.capabilities().resources).toBeUndefined();
    for (const m of METHODS)
      expect(methods.lookup('modern', m)).toBeUndefined();
  });

  it('declares resources and serves its methods in both eras once something is registered', () => {
    const methods = boot(false);
    expect(methods.capabilities().resources).toEqual({ listChanged: true });
    for (const m of METHODS) {
      expect(methods.lookup('modern', m)).toBeDefined();
      expect(methods.lookup('legacy', m)).toBeDefined();
    }
  });
});
