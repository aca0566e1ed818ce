// Pins every Nest internal the MCP enhancers rely on (see nest-internals.adapter.ts). When a Nest
// upgrade breaks one of these, the upgrade needs a new adapter, not a looser test.
import { describe, expect, it } from '@jest/globals';
import {
  Body,
  type CallHandler,
  Catch,
  createParamDecorator,
  type ExceptionFilter,
  Headers,
  HostParam,
  Injectable,
  Ip,
  type NestInterceptor,
  Next,
  Param,
  type PipeTransform,
  Query,
  RawBody,
  Req,
  Res,
  Session,
  UploadedFile,
  UploadedFiles,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import {
  APP_FILTER,
  APP_GUARD,
  APP_INTERCEPTOR,
  APP_PIPE,
  ExternalContextCreator,
} from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  httpParamDecoratorName,
  isCustomParamKey,
  NEST_GUARD_DENIAL,
  NEST_METADATA,
  NestEnhancerInternals,
  type NestParamsMetadata,
  paramTypeOf,
} from './nest-internals.adapter.js';

@Injectable()
class Allow {
  canActivate() {
    return true;
  }
}
@Injectable()
class AllowToo extends Allow {}
@Injectable()
class AllowAsWell extends Allow {}
@Injectable()
class Through implements NestInterceptor {
  intercept(_: unknown, next: CallHandler) {
    return next.handle();
  }
}
@Catch()
class Swallow implements ExceptionFilter {
  catch() {}
}
@Injectable()
class Twice implements PipeTransform {
  transform(value: unknown) {
    return typeof value === 'number' ? value * 2 : value;
  }
}

@Injectable()
@UseGuards(AllowToo)
@UseInterceptors(Through)
@UseFilters(Swallow)
@UsePipes(Twice)
class Handler {
  @UseGuards(AllowAsWell)
  run(value: number) {
    return value;
  }
}

async function internalsWith(globals: boolean) {
  const module = await Test.createTestingModule({
    providers: [
      Handler,
      Allow,
      AllowToo,
      AllowAsWell,
      Through,
      Twice,
      ...(globals
        ? [
            { provide: APP_GUARD, useClass: Allow },
            { provide: APP_INTERCEPTOR, useClass: Through },
            { provide: APP_FILTER, useClass: Swallow },
            { provide: APP_PIPE, useClass: Twice },
          ]
        : []),
    ],
  }).compile();
  await module.init();
  const contexts = module.get(ExternalContextCreator);
  return {
    contexts,
    internals: new NestEnhancerInternals(contexts),
    handler: module.get(Handler),
  };
}

describe('Nest internals the MCP enhancers read', () => {
  it("the metadata keys are where Nest's enhancer decorators write", () => {
    const method = Reflect.get(Handler.prototype, 'run') as object;
    expect(Reflect.getMetadata(NEST_METADATA.guards, Handler)).toEqual([
      AllowToo,
    ]);
    expect(Reflect.getMetadata(NEST_METADATA.guards, method)).toEqual([
      AllowAsWell,
    ]);
    expect(Reflect.getMetadata(NEST_METADATA.interceptors, Handler)).toEqual([
      Through,
    ]);
    expect(Reflect.getMetadata(NEST_METADATA.filters, Handler)).toEqual([
      Swallow,
    ]);
    expect(Reflect.getMetadata(NEST_METADATA.pipes, Handler)).toEqual([Twice]);
  });

  it.each([
    ['@Req()', Req()],
    ['@Res()', Res()],
    ['@Next()', Next()],
    ['@Body()', Body()],
    ['@Query()', Query()],
    ['@Param()', Param()],
    ['@Headers()', Headers()],
    ['@Session()', Session()],
    ['@UploadedFile()', UploadedFile()],
    ['@UploadedFiles()', UploadedFiles()],
    ['@HostParam()', HostParam()],
    ['@Ip()', Ip()],
    ['@RawBody()', RawBody()],
  ])(
    '%s stores an entry keyed <type>:<index> that is named back',
    (name, decorator: ParameterDecorator) => {
      class Route {
        handle(_a: unknown, _b: unknown) {}
      }
      decorator(Route.prototype, 'handle', 1);
      const stored = Reflect.getMetadata(
        NEST_METADATA.routeArgs,
        Route,
        'handle',
      ) as NestParamsMetadata;
      const [[key, entry]] = Object.entries(stored);
      expect(isCustomParamKey(key)).toBe(false);
      expect(key).toBe(`${paramTypeOf(key)}:1`);
      expect(entry).toMatchObject({ index: 1 });
      expect(httpParamDecoratorName(paramTypeOf(key))).toBe(name);
    },
  );

  it('createParamDecorator() entries are told apart by their key, and carry their factory', () => {
    const factory = () => 'x';
    const Custom = createParamDecorator(factory);
    class Route {
      handle(@Custom() _a: unknown) {}
    }
    const stored = Reflect.getMetadata(
      NEST_METADATA.routeArgs,
      Route,
      'handle',
    ) as NestParamsMetadata;
    const [[key, entry]] = Object.entries(stored);
    expect(isCustomParamKey(key)).toBe(true);
    expect(entry).toMatchObject({ index: 0, factory });
  });

  it('counts the global enhancers of each kind (APP_GUARD, APP_INTERCEPTOR, APP_FILTER, APP_PIPE)', async () => {
    const bare = (await internalsWith(false)).internals;
    const full = (await internalsWith(true)).internals;
    for (const kind of [
      'guards',
      'interceptors',
      'filters',
      'pipes',
    ] as const) {
      expect([kind, bare.globalCount(kind)]).toEqual([kind, 0]);
      expect([kind, full.globalCount(kind)]).toEqual([kind, 1]);
    }
  });

  it("lists a handler's guards as Nest runs them: global, class, method", async () => {
    const { internals, handler } = await internalsWith(true);
    const guards = internals.guardsOf(handler, Reflect.get(handler, 'run'));
    expect(guards.map((g) => (g as object).constructor)).toEqual([
      Allow,
      AllowToo,
      AllowAsWell,
    ]);
  });

  it('refuses to start on a Nest whose ExternalContextCreator lacks them', () => {
    expect(
      () =>
        new NestEnhancerInternals({
          guardsContextCreator: {},
        } as unknown as ExternalContextCreator),
    ).toThrow(
      'This version of @nestjs/core is not supported: ExternalContextCreator.guardsContextCreator has no getGlobalMetadata() and create()',
    );
  });

  it('Nest applies pipes only to parameters with metadata: why undecorated handler parameters get implicit entries', async () => {
    const { contexts, handler } = await internalsWith(false);
    const run = Reflect.get(handler, 'run') as (...args: unknown[]) => unknown;
    const bare = contexts.create(handler, run, 'run');
    await expect(bare(21)).resolves.toBe(21);
    Reflect.defineMetadata(
      'pin:params',
      { '3:0': { index: 0, pipes: [] } },
      Handler,
      'run',
    );
    const withParams = contexts.create(handler, run, 'run', 'pin:params', {
      exchangeKeyForValue: (_type: number, _data: unknown, args: unknown[]) =>
        args[0],
    });
    await expect(withParams(21)).resolves.toBe(42);
  });

  it('a guard that returns false is refused with a ForbiddenException carrying NEST_GUARD_DENIAL', async () => {
    const { contexts } = await internalsWith(false);
    @Injectable()
    @UseGuards({ canActivate: () => false })
    class Refused {
      run() {
        return 'never';
      }
    }
    const instance = new Refused();
    const run = contexts.create(instance, Reflect.get(instance, 'run'), 'run');
    await expect(run()).rejects.toMatchObject({
      status: 403,
      message: NEST_GUARD_DENIAL,
    });
    expect(NEST_GUARD_DENIAL).toBe('Forbidden resource');
  });
});
