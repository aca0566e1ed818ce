import { describe, expect, it } from '@jest/globals';
import { Injectable, Scope } from '@nestjs/common';
import { z } from 'zod';
import { RequireScopes } from '../protocol/execution/access.decorators.js';
import { McpTool } from './tool.decorator.js';
import { ToolRegistry } from './tool.registry.js';
import { ToolDefinitionError } from './tool.errors.js';
import { bootTools } from './tools.spec-helper.js';

const OBJECT = { type: 'object' } as const;

@Injectable()
@McpTool({ name: 'zeta', description: 'Last by name', inputSchema: OBJECT })
class Zeta {
  execute() {}
}

@Injectable()
@McpTool({
  name: 'alpha',
  description: 'First by name',
  input: z.strictObject({
    region: z.string().meta({ 'x-mcp-header': 'Region' }),
    count: z.int().meta({ 'x-mcp-header': 'Count' }),
  }),
})
class Alpha {
  execute() {}
}

@Injectable()
@RequireScopes('admin')
@McpTool({ name: 'admin', description: 'Admins only', inputSchema: OBJECT })
class AdminOnly {
  execute() {}
}

@Injectable()
@McpTool({ name: 'zeta', description: 'Same name', inputSchema: OBJECT })
class ZetaAgain {
  execute() {}
}

@Injectable()
@McpTool({ name: 'has space', description: 'Bad name', inputSchema: OBJECT })
class BadName {
  execute() {}
}

@Injectable()
// @ts-expect-error -- the decorator refuses a class without execute(); boot refuses it too, for
// JavaScript and casts.
@McpTool({ name: 'idle', description: 'No execute', inputSchema: OBJECT })
class NoExecute {}

@Injectable({ scope: Scope.REQUEST })
@McpTool({ name: 'scoped', description: 'Per request', inputSchema: OBJECT })
class PerRequest {
  execute() {}
}

@Injectable()
@McpTool({
  name: 'broken',
  description: 'Bad schema',
  inputSchema: { type: 'object', properties: { n: { type: 'nonsense' } } },
})
class BrokenSchema {
  execute() {}
}

@Injectable()
@McpTool({
  name: 'deep',
  description: 'Header on an object',
  inputSchema: {
    type: 'object',
    properties: { where: { type: 'object', 'x-mcp-header': 'Where' } },
  },
})
class HeaderOnObject {
  execute() {}
}

@Injectable()
@McpTool({
  name: 'twice',
  description: 'One header for two arguments',
  inputSchema: {
    type: 'object',
    properties: {
      a: { type: 'string', 'x-mcp-header': 'Key' },
      b: { type: 'string', 'x-mcp-header': 'key' },
    },
  },
})
class HeaderTwice {
  execute() {}
}

describe(ToolRegistry.name, () => {
  it('lists tools by name, with their JSON Schema and the headers they mirror', async () => {
    const { registry } = await bootTools(Zeta, Alpha);
    expect(registry.list().map((t) => t.name)).toEqual(['alpha', 'zeta']);
    const alpha = registry.get('alpha')!;
    expect(alpha.descriptor.inputSchema).toMatchObject({
      type: 'object',
      properties: { region: { type: 'string' }, count: { type: 'integer' } },
    });
    expect(alpha.paramHeaders).toEqual([
      { header: 'mcp-param-region', argument: 'region', type: 'string' },
      { header: 'mcp-param-count', argument: 'count', type: 'integer' },
    ]);
    expect(alpha.bound.target).toEqual({ kind: 'tool', name: 'alpha' });
    expect(registry.get('missing')).toBeUndefined();
  });

  it('hides a tool that requires scopes from callers without them', async () => {
    const { registry } = await bootTools(Zeta, AdminOnly);
    expect(registry.visible.restricted).toBe(true);
    const names = (scopes: string[]) =>
      registry.visible
        .for({ subject: 's', scopes, claims: {} })
        .map((t) => t.name);
    expect(names([])).toEqual(['zeta']);
    expect(names(['admin'])).toEqual(['admin', 'zeta']);
  });

  it.each([
    [[Zeta, ZetaAgain], /Duplicate tool name 'zeta'/],
    [[BadName], /Tool 'has space' \(BadName\): name must be 1-64 characters/],
    [[NoExecute], /Tool 'idle' \(NoExecute\): has no execute\(\) method/],
    [[PerRequest], /Tool 'scoped' \(PerRequest\): must be a singleton/],
    [[BrokenSchema], /Tool 'broken' \(BrokenSchema\) inputSchema/],
    [
      [HeaderOnObject],
      /Tool 'deep' \(HeaderOnObject\): x-mcp-header on 'where' needs a token name/,
    ],
    [
      [HeaderTwice],
      /Tool 'twice' \(HeaderTwice\): x-mcp-header 'key' is declared twice/,
    ],
  ])(
    'refuses to boot with %p, naming the tool and class',
    async (tools, message) => {
      const booting = bootTools(...tools);
      await expect(booting).rejects.toThrow(ToolDefinitionError);
      await expect(bootTools(...tools)).rejects.toThrow(message);
    },
  );
});
