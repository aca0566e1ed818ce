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
  new BoundHandler(target, AccessRule.OPEN, refuse, { call, enhanced: true });

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
      refuse,
      { call: () => Promise.resolve() },
    );
    const { ctx } = fakeContext({ method: 'tools/call' });
    expect(() => handler.enforce(ctx)).toThrow('needs scope');
    ctx.principal = { subject: 's', scopes: ['deploy'], claims: {} };
    expect(() => handler.enforce(ctx)).not.toThrow();
  });

  it('calls a handler without enhancers as it is, recording nothing, on every path', async () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    const call = jest.fn((...args: unknown[]) => args.length);
    const handler = new BoundHandler(target, AccessRule.OPEN, refuse, {
      call,
    });
    expect(handler.invoke(ctx, {}, 'a', ctx)).toBe(2);
    expect(handler.invokeAuthorized(ctx, {}, 'a', ctx)).toBe(2);
    await handler.authorize(ctx, {}, 'a', ctx);
    expect(call).toHaveBeenCalledTimes(2);
    expect(callOf(ctx)).toBeUndefined();
  });

  it('authorizes with the guards alone, then runs the rest without them', async () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    const ran: string[] = [];
    const handler = new BoundHandler(target, AccessRule.OPEN, refuse, {
      enhanced: true,
      call: () => ran.push('guards+call'),
      guards: () => Promise.reject(new ForbiddenException(FORBIDDEN_MESSAGE)),
      authorized: () => ran.push('call'),
    });
    await expect(handler.authorize(ctx, { a: 1 }, ctx)).rejects.toMatchObject({
      httpStatus: 403,
      message: 'Forbidden: you may not use tool deploy',
    });
    expect(callOf(ctx)).toEqual({ target, args: { a: 1 } });
    await handler.invokeAuthorized(ctx, { a: 2 }, ctx);
    expect(ran).toEqual(['call']);
    expect(callOf(ctx)).toEqual({ target, args: { a: 2 } });
  });
});
