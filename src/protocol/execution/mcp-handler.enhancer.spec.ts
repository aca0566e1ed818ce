import { afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  type ArgumentMetadata,
  type CallHandler,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  ParseIntPipe,
  type PipeTransform,
  type Provider,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { APP_GUARD, APP_PIPE, ExternalContextCreator } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { map, type Observable } from 'rxjs';
import { InsufficientScope } from '../auth/insufficient-scope.js';
import type { McpCallContext } from '../dispatch/mcp-call-context.interface.js';
import { fakeContext } from '../testing/fake-context.spec-helper.js';
import { callOf } from './handler-calls.js';
import type { HandlerSignature } from './handler-signature.js';
import { McpExecutionContext } from './mcp-execution-context.js';
import { McpHandlerEnhancer } from './mcp-handler.enhancer.js';
import { McpArgs, McpCaller, McpContext } from './mcp-param.decorators.js';

/** What the guards saw: the context type and the MCP view of the call. */
const seen: { type: string; args: unknown; target: unknown }[] = [];
/** What the pipes were given: the value's kind and the metadata type. */
const piped: string[] = [];

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

/** Upper-cases the `region` of the arguments; leaves every other parameter as it is. */
@Injectable()
class RegionPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    piped.push(`${metadata.type}:${metadata.data ?? ''}`);
    if (metadata.type !== 'body') return value;
    const args = value as { region: string };
    return { ...args, region: args.region.toUpperCase() };
  }
}

/** A team's own parameter decorator: the request id, read the documented way. */
const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    McpExecutionContext.create(context).getContext().requestId,
);

@Injectable()
class Plain {
  greeting = 'hello';
  execute(args: { region: string }, _ctx: McpCallContext): string {
    return `${this.greeting} ${args.region}`;
  }
}

@Injectable()
@UseGuards(OnlyEu)
class Guarded extends Plain {
  @UseInterceptors(Shout)
  override execute(args: { region: string }, ctx: McpCallContext): string {
    return super.execute(args, ctx);
  }
}

@Injectable()
class Piped extends Plain {
  @UsePipes(RegionPipe)
  override execute(args: { region: string }, ctx: McpCallContext): string {
    return `${super.execute(args, ctx)} ${ctx === undefined ? 'without' : 'with'} ctx`;
  }
}

@Injectable()
class Decorated {
  execute(
    @McpArgs('count', ParseIntPipe) count: number,
    ctx: McpCallContext,
    @McpCaller() caller: { subject: string } | undefined,
    @RequestId() requestId: unknown,
    @McpContext() again: McpCallContext,
  ) {
    return { count, caller: caller?.subject, requestId, same: ctx === again };
  }
}

/** A task tool: guards at creation, the rest when it runs. */
@Injectable()
@UseGuards(OnlyEu)
@UseInterceptors(Shout)
class Deferred extends Plain {
  @UsePipes(RegionPipe)
  override execute(args: { region: string }, ctx: McpCallContext): string {
    return super.execute(args, ctx);
  }
}

const TOOL: HandlerSignature = { params: ['args', 'context'] };
const refuse = () => new Error('needs scope');
/** The handler method itself, as the registries hand it over. */
const execute = (instance: object) =>
  Reflect.get(instance, 'execute') as object;

async function enhancerWith(...providers: Provider[]) {
  const module = await Test.createTestingModule({
    providers: [
      McpHandlerEnhancer,
      { provide: InsufficientScope, useValue: { refuse } },
      OnlyEu,
      Shout,
      Plain,
      Guarded,
      Piped,
      Decorated,
      Deferred,
      ...providers,
    ],
  }).compile();
  await module.init();
  return {
    enhancer: module.get(McpHandlerEnhancer),
    get: <T>(type: new (...args: never[]) => T) => module.get(type),
  };
}

afterEach(() => {
  seen.length = 0;
  piped.length = 0;
  jest.restoreAllMocks();
});

describe(McpHandlerEnhancer.name, () => {
  it('calls a handler without enhancers directly: its own method on its instance, no wrapper, nothing recorded', async () => {
    const create = jest.spyOn(ExternalContextCreator.prototype, 'create');
    const { enhancer, get } = await enhancerWith();
    const instance = get(Plain);
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(false);
    const bound = enhancer.bind(
      instance,
      'execute',
      { kind: 'tool', name: 'plain' },
      { ...TOOL, deferrable: true },
    );
    const { ctx } = fakeContext({ method: 'tools/call' });
    const args = { region: 'us' };
    expect(bound.invoke(ctx, args, args, ctx)).toBe('hello us');
    expect(bound.invokeAuthorized(ctx, args, args, ctx)).toBe('hello us');
    expect(create).not.toHaveBeenCalled();
    // No McpExecutionContext can be asked about it, so the call is not recorded.
    expect(callOf(ctx)).toBeUndefined();
  });

  it('wraps a handler with its guards and interceptors in an mcp context, its parameters untouched', async () => {
    const create = jest.spyOn(ExternalContextCreator.prototype, 'create');
    const { enhancer, get } = await enhancerWith();
    const instance = get(Guarded);
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(true);
    const bound = enhancer.bind(
      instance,
      'execute',
      { kind: 'tool', name: 'deploy' },
      TOOL,
    );
    // No pipe and no parameter decorator: no params factory, Nest passes the arguments as they are.
    expect(create.mock.calls.map((call) => call.slice(3, 5))).toEqual([
      [undefined, undefined],
    ]);
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

  it('runs @UsePipes on every parameter the handler is called with: the arguments as body, the context as custom', async () => {
    const { enhancer, get } = await enhancerWith(RegionPipe);
    const instance = get(Piped);
    const bound = enhancer.bind(
      instance,
      'execute',
      { kind: 'tool', name: 'piped' },
      TOOL,
    );
    const { ctx } = fakeContext({ method: 'tools/call' });
    const args = { region: 'eu' };
    await expect(bound.invoke(ctx, args, args, ctx)).resolves.toBe(
      'hello EU with ctx',
    );
    expect(piped).toEqual(['body:', 'custom:']);
    // The pipe returned a new object: what the guards saw is left alone.
    expect(args).toEqual({ region: 'eu' });
  });

  it('resolves MCP parameter decorators, per-parameter pipes and a team createParamDecorator', async () => {
    const { enhancer, get } = await enhancerWith();
    const bound = enhancer.bind(
      get(Decorated),
      'execute',
      { kind: 'tool', name: 'decorated' },
      { ...TOOL, argumentNames: ['count'] },
    );
    const { ctx } = fakeContext({ method: 'tools/call', id: 'r-42' });
    ctx.principal = { subject: 'ada', scopes: [], claims: {} };
    const args = { count: '7' };
    await expect(bound.invoke(ctx, args, args, ctx)).resolves.toEqual({
      count: 7,
      caller: 'ada',
      requestId: 'r-42',
      same: true,
    });
    const bad = { count: 'seven' };
    await expect(bound.invoke(ctx, bad, bad, ctx)).rejects.toMatchObject({
      httpStatus: 400,
      message: 'Validation failed (numeric string is expected)',
    });
  });

  it('applies a global APP_PIPE to every handler, which is then wrapped', async () => {
    const { enhancer, get } = await enhancerWith({
      provide: APP_PIPE,
      useClass: RegionPipe,
    });
    const instance = get(Plain);
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(true);
    const bound = enhancer.bind(
      instance,
      'execute',
      { kind: 'prompt', name: 'p' },
      TOOL,
    );
    const { ctx } = fakeContext({ method: 'prompts/get' });
    const args = { region: 'eu' };
    await expect(bound.invoke(ctx, args, args, ctx)).resolves.toBe('hello EU');
  });

  it('wraps every handler when the application has a global guard', async () => {
    const { enhancer, get } = await enhancerWith({
      provide: APP_GUARD,
      useClass: OnlyEu,
    });
    const instance = get(Plain);
    expect(enhancer.hasEnhancers(instance, execute(instance))).toBe(true);
    const bound = enhancer.bind(
      instance,
      'execute',
      { kind: 'prompt', name: 'p' },
      TOOL,
    );
    const { ctx } = fakeContext({ method: 'prompts/get' });
    const us = { region: 'us' };
    await expect(bound.invoke(ctx, us, us, ctx)).rejects.toMatchObject({
      httpStatus: 403,
      message: 'Forbidden: you may not use prompt p',
    });
    expect(seen).toHaveLength(1);
  });

  it('splits a deferrable handler: guards alone to authorize, then pipes and interceptors without them', async () => {
    const { enhancer, get } = await enhancerWith(RegionPipe);
    const bound = enhancer.bind(
      get(Deferred),
      'execute',
      { kind: 'tool', name: 'later' },
      { ...TOOL, deferrable: true },
    );
    const { ctx } = fakeContext({ method: 'tools/call' });
    const us = { region: 'us' };
    await expect(bound.authorize(ctx, us, us, ctx)).rejects.toMatchObject({
      httpStatus: 403,
    });
    const eu = { region: 'eu' };
    await bound.authorize(ctx, eu, eu, ctx);
    expect(seen).toHaveLength(2);
    expect(piped).toEqual([]);
    // Run later: no guard (it would refuse 'us'), the pipe and the interceptor do run.
    await expect(bound.invokeAuthorized(ctx, us, us, ctx)).resolves.toBe(
      'HELLO US',
    );
    expect(seen).toHaveLength(2);
    expect(piped).toEqual(['body:', 'custom:']);
  });

  it("binds the handler's access rule and the scope refusal", async () => {
    const { enhancer, get } = await enhancerWith();
    const bound = enhancer.bind(
      get(Plain),
      'execute',
      { kind: 'tool', name: 'x' },
      TOOL,
    );
    expect(bound.access.restricted).toBe(false);
    expect(Object.isFrozen(bound.target)).toBe(true);
  });
});
