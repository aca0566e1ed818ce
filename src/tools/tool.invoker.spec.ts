import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  type CanActivate,
  ForbiddenException,
  Injectable,
  Logger,
  UseGuards,
} from '@nestjs/common';
import { HandleError } from '../handles/handle.error.js';
import { McpAuthError } from '../protocol/auth/mcp-authenticator.interface.js';
import { RequireScopes } from '../protocol/execution/access.decorators.js';
import { JsonRpcError } from '../protocol/json-rpc/json-rpc.error.js';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import { fakeContext } from '../protocol/testing/fake-context.spec-helper.js';
import { McpTool } from './tool.decorator.js';
import { ToolError } from './tool.errors.js';
import { ToolInvoker } from './tool.invoker.js';
import { ToolResult } from './tool-result.js';
import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import { bootTools } from './tools.spec-helper.js';

/** What the next call of `act` does; `act` records the arguments it got. */
let behaviour: (args: Record<string, unknown>) => unknown = () => undefined;
const received: unknown[] = [];

@Injectable()
@McpTool({
  name: 'act',
  description: 'Does what the spec asks',
  inputSchema: {
    type: 'object',
    properties: {
      n: { type: 'integer', default: 2 },
      region: { type: 'string' },
    },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: { n: { type: 'integer' } },
    required: ['n'],
  },
})
class Act {
  execute(args: Record<string, unknown>, ctx: McpCallContext) {
    received.push(args, ctx);
    return behaviour(args);
  }
}

/** Like `act`, without an outputSchema. */
@Injectable()
@McpTool({
  name: 'act_freely',
  description: 'Does what the spec asks, any result',
  inputSchema: { type: 'object' },
})
class ActFreely {
  execute(args: Record<string, unknown>) {
    return behaviour(args);
  }
}

@Injectable()
class NoUs implements CanActivate {
  canActivate(): boolean {
    throw new ForbiddenException('Not in us');
  }
}

@Injectable()
@RequireScopes('admin')
@UseGuards(NoUs)
@McpTool({
  name: 'locked',
  description: 'Admins only',
  inputSchema: { type: 'object' },
})
class Locked {
  execute = jest.fn(() => ({}));
}

/** The same rules on a task tool: checked when its task is created, not when it runs. */
@Injectable()
@RequireScopes('admin')
@UseGuards(NoUs)
@McpTool({
  name: 'locked_task',
  description: 'Admins only, as a task',
  inputSchema: { type: 'object' },
  taskSupport: 'optional',
})
class LockedTask {
  execute = jest.fn(() => ({ ran: true }));
}

let invoker: ToolInvoker;
let locked: Locked;
beforeAll(async () => {
  const booted = await bootTools(Act, ActFreely, Locked, LockedTask, NoUs);
  invoker = booted.invoker;
  locked = booted.module.get(Locked);
});

function call(
  name: unknown,
  args?: Record<string, unknown>,
  does: (args: Record<string, unknown>) => unknown = () => ({ n: 1 }),
) {
  behaviour = does;
  received.length = 0;
  const { ctx } = fakeContext({ method: 'tools/call' });
  const params = args === undefined ? { name } : { name, arguments: args };
  return invoker.call(params, ctx);
}
const failure = (message: string | RegExp, details: object = {}) => ({
  content: [{ type: 'text', text: expect.stringMatching(message) }],
  structuredContent: {
    error: { message: expect.stringMatching(message), ...details },
  },
  isError: true,
});
function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = jest
    .spyOn(Logger.prototype, 'error')
    .mockImplementation(() => {});
  return work().finally(() => log.mockRestore());
}

describe(ToolInvoker.name, () => {
  it('answers structured output with the same JSON as text', async () => {
    await expect(call('act', { n: 5 }, (a) => ({ n: a.n }))).resolves.toEqual({
      content: [{ type: 'text', text: '{"n":5}' }],
      structuredContent: { n: 5 },
    });
  });

  it('fills declared defaults into the arguments and passes the call context', async () => {
    await call('act');
    expect(received[0]).toEqual({ n: 2 });
    expect(received[1]).toHaveProperty('method', 'tools/call');
  });

  it('answers undefined with empty content when the tool declares no outputSchema, and a ToolResult as it is', async () => {
    await expect(call('act_freely', {}, () => undefined)).resolves.toEqual({
      content: [],
    });
    await expect(
      call(
        'act',
        {},
        () => new ToolResult([{ type: 'text', text: 'hm' }], { n: 0 }, true),
      ),
    ).resolves.toEqual({
      content: [{ type: 'text', text: 'hm' }],
      structuredContent: { n: 0 },
      isError: true,
    });
  });

  it('answers undefined from a tool with an outputSchema with an isError result naming the tool and what is missing', async () => {
    await expect(
      quietly(() => call('act', {}, () => undefined)),
    ).resolves.toEqual(
      failure(
        '^Tool act returned no result, but its outputSchema requires structuredContent\\.$',
      ),
    );
  });

  it('checks the structuredContent of a ToolResult against the outputSchema, unless it is an error', async () => {
    await expect(
      call('act', {}, () => ToolResult.structured({ n: 3 })),
    ).resolves.toEqual({
      content: [{ type: 'text', text: '{"n":3}' }],
      structuredContent: { n: 3 },
    });
    await expect(
      quietly(() => call('act', {}, () => ToolResult.structured({ n: 'x' }))),
    ).resolves.toEqual(failure('^Tool act produced an invalid result\\.$'));
    await expect(
      call('act', {}, () => ToolResult.error('No luck', { code: 7 })),
    ).resolves.toEqual(failure('^No luck$', { code: 7 }));
  });

  it('hands InputRequired on untouched for the MRTR step', async () => {
    const ask = new InputRequired({ q: { method: 'roots/list' } });
    await expect(call('act', {}, () => ask)).resolves.toBe(ask);
  });

  it.each([
    ['an unknown tool', 'nope', 'Unknown tool: nope'],
    [
      'a name that is not a string',
      42,
      'Invalid params: name must be a string',
    ],
  ])(
    'refuses %s with -32602 (a protocol error, HTTP 200)',
    async (_what, name, message) => {
      await expect(call(name)).rejects.toMatchObject({
        code: -32602,
        httpStatus: 200,
        message,
      });
    },
  );

  it('answers invalid arguments with an isError result, without calling the tool', async () => {
    await expect(call('act', { n: 'five' })).resolves.toEqual(
      failure(/^Invalid arguments for tool act: arguments\/n must be integer/),
    );
    expect(received).toEqual([]);
  });

  it('lists every violation of invalid arguments, not just the first', async () => {
    await expect(
      call('act', { n: 'five', region: 5, colour: 'red' }),
    ).resolves.toEqual(
      failure(
        "^Invalid arguments for tool act: arguments must NOT have additional properties \\('colour'\\); arguments/n must be integer; arguments/region must be string$",
      ),
    );
    expect(received).toEqual([]);
  });

  it('answers an output that breaks its outputSchema with an isError result', async () => {
    await expect(
      quietly(() => call('act', {}, () => ({ n: 'x' }))),
    ).resolves.toEqual(failure('^Tool act produced an invalid result\\.$'));
  });

  it('shows a ToolError with its details', async () => {
    const thrown = () => {
      throw new ToolError('Region is closed', {
        region: 'eu',
        retryable: false,
      });
    };
    await expect(call('act', {}, thrown)).resolves.toEqual(
      failure('^Region is closed$', { region: 'eu', retryable: false }),
    );
  });

  it("shows a handle's refusal (a CallerFacingError) with its reason", async () => {
    const thrown = () => {
      throw new HandleError('expired');
    };
    await expect(call('act', {}, thrown)).resolves.toEqual(
      failure('has expired', { reason: 'expired', retryable: false }),
    );
  });

  it('masks an unexpected exception, never showing its message', async () => {
    const result = await quietly(() =>
      call('act', {}, () => {
        throw new Error('connection string password=hunter2');
      }),
    );
    expect(result).toEqual(
      failure('^Tool act failed unexpectedly\\. Try again later\\.$'),
    );
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it.each([
    ['a JsonRpcError', JsonRpcError.invalidParams('Bad cursor')],
    [
      'an McpAuthError',
      new McpAuthError(403, 'Bearer error="insufficient_scope"'),
    ],
  ])('rethrows %s the tool raised on purpose', async (_what, err) => {
    await expect(
      call('act', {}, () => {
        throw err;
      }),
    ).rejects.toBe(err);
  });

  it('refuses a caller without the required scope before running guards or the tool', async () => {
    await expect(call('locked', {})).rejects.toMatchObject({
      httpStatus: 403,
      message: 'needs admin',
    });
    expect(locked.execute).not.toHaveBeenCalled();
  });

  it("rethrows a guard's refusal as the protocol error", async () => {
    behaviour = () => ({});
    const { ctx } = fakeContext({ method: 'tools/call' });
    ctx.principal = { subject: 'a', scopes: ['admin'], claims: {} };
    await expect(
      invoker.call({ name: 'locked', arguments: {} }, ctx),
    ).rejects.toMatchObject({
      code: -32600,
      httpStatus: 403,
      message: 'Not in us',
    });
    expect(locked.execute).not.toHaveBeenCalled();
  });

  it('runs an authorized call (a task executing) without its scopes and guards, which ran at creation', async () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    await expect(
      invoker.call({ name: 'locked_task', arguments: {} }, ctx),
    ).rejects.toMatchObject({ httpStatus: 403, message: 'needs admin' });
    await expect(
      invoker.callAuthorized({ name: 'locked_task', arguments: {} }, ctx),
    ).resolves.toMatchObject({ structuredContent: { ran: true } });
  });

  it('still runs the guards of a tool that is never authorized ahead (no task support)', async () => {
    const { ctx } = fakeContext({ method: 'tools/call' });
    await expect(
      invoker.callAuthorized({ name: 'locked', arguments: {} }, ctx),
    ).rejects.toMatchObject({ httpStatus: 403, message: 'Not in us' });
  });
});
