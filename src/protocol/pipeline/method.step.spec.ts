import { describe, expect, it } from '@jest/globals';
import { McpMethodRegistry } from '../dispatch/mcp-method.registry.js';
import { fakeContext } from '../testing/fake-context.spec-helper.js';
import { MethodStep } from './method.step.js';

const registry = new McpMethodRegistry();
const handler = () => ({});
registry.register('tools/list', handler, { eras: ['modern'] });
const step = new MethodStep(registry);

describe(MethodStep.name, () => {
  it("sets the target to the era's method", () => {
    const { ctx } = fakeContext({ method: 'tools/list' });
    step.check(ctx);
    expect(ctx.target).toMatchObject({ name: 'tools/list', handler });
  });

  it.each([
    ['an unknown method', 'tools/frobnicate', 'modern'],
    ['a method the era does not know', 'tools/list', 'legacy'],
  ] as const)('refuses %s with -32601 (HTTP 404)', (_what, method, era) => {
    const { ctx } = fakeContext({ method, era });
    expect(() => step.check(ctx)).toThrow(
      expect.objectContaining({
        code: -32601,
        httpStatus: 404,
        message: `Method not found: ${method}`,
      }),
    );
    expect(ctx.target).toBeUndefined();
  });
});
