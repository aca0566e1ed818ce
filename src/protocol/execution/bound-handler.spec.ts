import { describe, expect, it, jest } from '@jest/globals';
import { ForbiddenException } from '@nestjs/common';
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants.js';
import { fakeContext } from '../testing/fake-context.spec-helper.js';
import { AccessRule } from './access-rule.js';
import { RequireScopes } from './access.decorators.js';
import { BoundHandler } from './bound-handler.js';
import { callOf } from './handler-calls.js';

const target = Object.freeze({ kind: 'tool', name: 'deploy' } as const);
const refuse = () => new Error('needs scope');
const bound = (call: (...args: unknown[]) => Promise<unknown>) =>
  new BoundHandler(target, AccessRule.OPEN, call, refuse);

describe(BoundHandler.name, () => {
  it('records target and arguments on the context, then calls with its own arguments', async () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    const call = jest.fn((..._args: unknown[]) => Promise.resolve('done'));
    await expect(bound(call).invoke(ctx, { seen: 1 }, 'a', ctx)).resolves.toBe(
      'done',
    );
    expect(call).toHaveBeenCalledWith('a', ctx);
    expect(callOf(ctx)).toEqual({ target, args: { seen: 1 } });
  });

  it("turns a guard's refusal into the protocol error", async () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    await expect(
      bound(() =>
        Promise.reject(new ForbiddenException(FORBIDDEN_MESSAGE)),
      ).invoke(ctx, {}),
    ).rejects.toMatchObject({
      code: -32600,
      httpStatus: 403,
      message: 'Forbidden: you may not use tool deploy',
    });
  });

  it('rethrows anything else as it is', async () => {
    const err = new Error('boom');
    await expect(
      bound(() => Promise.reject(err)).invoke(fakeContext().ctx, {}),
    ).rejects.toBe(err);
  });

  it('enforces its access rule with its refusal', () => {
    class Scoped {
      @RequireScopes('deploy')
      run(): void {}
    }
    const handler = new BoundHandler(
      target,
      AccessRule.of(new Scoped(), 'run'),
      () => Promise.resolve(),
      refuse,
    );
    const { ctx } = fakeContext({ method: 'tools/call' });
    expect(() => handler.enforce(ctx)).toThrow('needs scope');
    ctx.principal = { subject: 's', scopes: ['deploy'], claims: {} };
    expect(() => handler.enforce(ctx)).not.toThrow();
  });
});
