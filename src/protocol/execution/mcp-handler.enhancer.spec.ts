import { afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  type Provider,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_GUARD, ExternalContextCreator } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { map, type Observable } from 'rxjs';
import { InsufficientScope } from '../auth/insufficient-scope.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { fakeContext } from '../testing/fake-context.spec-helper.js';
import { McpExecutionContext } from './mcp-execution-context.js';
import { callOf } from './handler-calls.js';
import { McpHandlerEnhancer } from './mcp-handler.enhancer.js';

/** What the guards saw: the context type and the MCP view of the call. */
const seen: { type: string; args: unknown; target: unknown }[] = [];

@Injectable()
class OnlyEu implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const mcp = McpExecutionContext.create(context);
    seen.push({
      type: context.getType(),
      args: mcp.getArgs(),
      target: mcp.getTarget(),
    });
    return mcp.getArgs<{ region: string }>().region === 'eu';
  }
}

@Injectable()
class Shout implements NestInterceptor {
  intercept(
    _context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> {
    return next.handle().pipe(map((value) => String(value).toUpperCase()));
  }
}

@Injectable()
class Plain {
  greeting = 'hello';
  execute(args: { region: string }, _ctx: McpRequestContext): string {
    return `${this.greeting} ${args.region}`;
  }
}

@Injectable()
@UseGuards(OnlyEu)
class Guarded extends Plain {
  @UseInterceptors(Shout)
  override execute(args: { region: string }, ctx: McpRequestContext): string {
    return super.execute(args, ctx);
  }
}

const refuse = () => new Error('needs scope');
/** The handler method itself, as the registries hand it over. */
const execute = (instance: Plain) => Reflect.get(instance, 'execute') as object;

async function enhancerWith(...providers: Provider[]) {
  const module = await Test.createTestingModule({
    providers: [
      McpHandlerEnhancer,
      { provide: InsufficientScope, useValue: { refuse } },
      OnlyEu,
      Shout,
      Plain,
      Guarded,
      ...providers,
    ],
  }).compile();
  await module.init();
  return {
    enhancer: module.get(McpHandlerEnhancer),
    plain: module.get(Plain),
    guarded: module.get(Guarded),
  };
}

afterEach(() => {
  seen.length = 0;
  jest.restoreAllMocks();
});

describe(McpHandlerEnhancer.name, () => {
  it('calls a handler without enhancers directly: its own method on its instance, no wrapper, nothing recorded', async () => {
    const create = jest.spyOn(ExternalContextCreator.prototype, 'create');
    const { enhancer, plain: instance } = await enhancerWith();
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(false);
    const bound = enhancer.bind(instance, 'execute', {
      kind: 'tool',
      name: 'plain',
    });
    const { ctx } = fakeContext({ method: 'tools/call' });
    const args = { region: 'us' };
    await expect(
      Promise.resolve(bound.invoke(ctx, args, args, ctx)),
    ).resolves.toBe('hello us');
    expect(create).not.toHaveBeenCalled();
    // No McpExecutionContext can be asked about it, so the call is not recorded.
    expect(callOf(ctx)).toBeUndefined();
  });

  it('wraps a handler with its guards and interceptors in an mcp context', async () => {
    const { enhancer, guarded: instance } = await enhancerWith();
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(true);
    const bound = enhancer.bind(instance, 'execute', {
      kind: 'tool',
      name: 'deploy',
    });
    const { ctx } = fakeContext({ method: 'tools/call' });
    const args = { region: 'eu' };

    await expect(bound.invoke(ctx, args, args, ctx)).resolves.toBe('HELLO EU');
    expect(seen).toEqual([
      { type: 'mcp', args, target: { kind: 'tool', name: 'deploy' } },
    ]);

    const us = { region: 'us' };
    await expect(bound.invoke(ctx, us, us, ctx)).rejects.toMatchObject({
      code: -32600,
      httpStatus: 403,
      message: 'Forbidden: you may not use tool deploy',
    });
  });

  it('wraps every handler when the application has a global guard', async () => {
    const { enhancer, plain: instance } = await enhancerWith({
      provide: APP_GUARD,
      useClass: OnlyEu,
    });
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(true);
    const bound = enhancer.bind(instance, 'execute', {
      kind: 'prompt',
      name: 'p',
    });
    const { ctx } = fakeContext({ method: 'prompts/get' });
    const us = { region: 'us' };
    await expect(bound.invoke(ctx, us, us, ctx)).rejects.toMatchObject({
      httpStatus: 403,
      message: 'Forbidden: you may not use prompt p',
    });
    expect(seen).toHaveLength(1);
  });

  it("binds the handler's access rule and the scope refusal", async () => {
    const { enhancer, plain } = await enhancerWith();
    const bound = enhancer.bind(plain, 'execute', {
      kind: 'tool',
      name: 'x',
    });
    expect(bound.access.restricted).toBe(false);
    expect(Object.isFrozen(bound.target)).toBe(true);
  });
});
