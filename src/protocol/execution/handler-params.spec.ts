import { describe, expect, it } from '@jest/globals';
import {
  Body,
  createParamDecorator,
  ParseIntPipe,
  Req,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import type { McpCallContext } from '../dispatch/mcp-call-context.interface.js';
import { HandlerParams } from './handler-params.js';
import type { HandlerSignature } from './handler-signature.js';
import { McpArgs, McpCaller, McpContext } from './mcp-param.decorators.js';

const TOOL: HandlerSignature = {
  params: ['args', 'context'],
  hooks: ['beforeTask', 'runsAsTask'],
  argumentNames: ['count', 'region'],
};
const RESOURCE: HandlerSignature = { params: ['uri', 'context'] };
const Custom = createParamDecorator(() => 'custom');
const AllowAll = { canActivate: () => true };

const resolve = (
  type: new () => object,
  signature: HandlerSignature = TOOL,
  method = 'execute',
) => HandlerParams.of(new type(), method, signature);

describe(HandlerParams.name, () => {
  describe('resolves', () => {
    it('nothing declared: the implicit parameters, and nothing to read', () => {
      class Plain {
        execute(_args: unknown, _ctx: McpCallContext) {}
      }
      const params = resolve(Plain);
      expect(params.declared).toBe(false);
      expect(params.metadata).toEqual({
        '3:0': { index: 0, pipes: [] },
        '101:1': { index: 1, pipes: [] },
      });
    });

    it('declared parameters where they are, implicit ones where they are not', () => {
      class Tool {
        execute(
          @McpArgs('count', ParseIntPipe) _count: number,
          _ctx: McpCallContext,
          @McpCaller() _caller: unknown,
          @Custom() _custom: unknown,
        ) {}
      }
      const params = resolve(Tool);
      expect(params.declared).toBe(true);
      const entries = Object.entries(params.metadata).map(([key, e]) => [
        key.replace(/^.*__customRouteArgs__/, 'custom'),
        e.index,
        e.data,
        e.pipes.length,
      ]);
      expect(entries).toEqual(
        expect.arrayContaining([
          ['3:0', 0, 'count', 1],
          ['101:1', 1, undefined, 0],
          ['102:2', 2, undefined, 0],
          ['custom:3', 3, undefined, 0],
        ]),
      );
      expect(entries).toHaveLength(4);
    });

    it("a resource's URI and a template's variables by their positions", () => {
      class Template {
        read(_uri: string, @McpArgs('id') _id: string, _ctx: unknown) {}
      }
      const params = resolve(
        Template,
        { params: ['uri', 'args', 'context'], argumentNames: ['id'] },
        'read',
      );
      expect(Object.keys(params.metadata).sort()).toEqual([
        '101:2',
        '103:0',
        '3:1',
      ]);
    });
  });

  describe('refuses at boot, naming the class, the method and the reason', () => {
    it('an HTTP route parameter decorator (@Body())', () => {
      class HttpTool {
        execute(@Body() _body: unknown) {}
      }
      expect(() => resolve(HttpTool)).toThrow(
        'HttpTool.execute: parameter 0 has @Body(), which an MCP handler cannot resolve (it belongs to HTTP routes or another transport); use @McpArgs(), @McpContext(), @McpCaller() or a createParamDecorator() decorator',
      );
    });

    it('@Req() next to MCP decorators', () => {
      class RequestTool {
        execute(@McpArgs() _args: unknown, @Req() _req: unknown) {}
      }
      expect(() => resolve(RequestTool)).toThrow(
        'RequestTool.execute: parameter 1 has @Req(), which an MCP handler cannot resolve',
      );
    });

    it('two parameter decorators on one parameter', () => {
      class Twice {
        execute(@McpArgs() @Custom() _args: unknown) {}
      }
      expect(() => resolve(Twice)).toThrow(
        /^Twice\.execute: parameter 0 has two parameter decorators, (@McpArgs\(\) and a createParamDecorator\(\) decorator|a createParamDecorator\(\) decorator and @McpArgs\(\))$/,
      );
    });

    it('an undecorated parameter beyond what the handler is called with', () => {
      class Gap {
        execute(
          _args: unknown,
          _ctx: unknown,
          _extra: unknown,
          @McpCaller() _caller: unknown,
        ) {}
      }
      expect(() => resolve(Gap)).toThrow(
        'Gap.execute: parameter 2 has no parameter decorator, and execute() is called with 2 arguments (args, context); decorate it, e.g. with @McpContext()',
      );
    });

    it('@McpArgs() on a handler called without arguments (a plain resource)', () => {
      class Resource {
        read(_uri: string, @McpArgs() _args: unknown) {}
      }
      expect(() => resolve(Resource, RESOURCE, 'read')).toThrow(
        "Resource.read: @McpArgs() on parameter 1 has nothing to take: the method is called with uri, context and no arguments (a resource template's variables are its arguments)",
      );
    });

    it('@McpArgs(field) naming no argument of the schema', () => {
      class Typo {
        execute(@McpArgs('cuont') _count: unknown) {}
      }
      expect(() => resolve(Typo)).toThrow(
        "Typo.execute: @McpArgs('cuont') on parameter 0: 'cuont' is not one of its arguments (count, region)",
      );
    });

    it('something given as a pipe that is not one', () => {
      class NotAPipe {
        execute(@McpContext(Date as never) _ctx: unknown) {}
      }
      expect(() => resolve(NotAPipe)).toThrow(
        'NotAPipe.execute: @McpContext() on parameter 0 was given something that is not a pipe (it has no transform())',
      );
    });

    it('an MCP parameter decorator on a method that is not the handler', () => {
      class Helper {
        execute() {}
        format(@McpArgs() _args: unknown) {}
      }
      expect(() => resolve(Helper)).toThrow(
        'Helper.format: @McpArgs() on parameter 0 cannot apply: parameter decorators are resolved for execute() only',
      );
    });

    it("a team's parameter decorator on a method the registry calls directly", () => {
      class Hooked {
        execute() {}
        beforeTask(@Custom() _custom: unknown) {}
      }
      expect(() => resolve(Hooked)).toThrow(
        'Hooked.beforeTask: a createParamDecorator() decorator on parameter 0 cannot apply: parameter decorators are resolved for execute() only, and beforeTask() is called directly',
      );
    });

    it.each([
      ['@UseGuards', UseGuards(AllowAll)],
      ['@UsePipes', UsePipes(new ValidationPipe())],
    ])(
      '%s on a method the registry calls directly',
      (name, decorator: MethodDecorator) => {
        class Hooked {
          execute() {}
          runsAsTask() {
            return true;
          }
        }
        decorator(
          Hooked.prototype,
          'runsAsTask',
          Object.getOwnPropertyDescriptor(Hooked.prototype, 'runsAsTask')!,
        );
        expect(() => resolve(Hooked)).toThrow(
          `Hooked.runsAsTask: ${name} cannot apply: runsAsTask() is called directly, without enhancers; declare them on execute() or on the class`,
        );
      },
    );

    it('an MCP parameter decorator on a constructor parameter, when the class is declared', () => {
      expect(() => {
        class Built {
          constructor(@McpContext() readonly ctx: unknown) {}
        }
        return Built;
      }).toThrow(
        'Built: @McpContext() goes on a parameter of a tool, prompt or resource method, not of a constructor',
      );
    });
  });
});
