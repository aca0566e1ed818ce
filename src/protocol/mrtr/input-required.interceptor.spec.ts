import { describe, expect, it, jest } from '@jest/globals';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import type { JsonObject, McpResult } from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import {
  fakeContext,
  modernMeta,
} from '../testing/fake-context.spec-helper.js';
import { InputRequired } from './input-required.js';
import { InputRequiredInterceptor } from './input-required.interceptor.js';
import { RequestStateCodec } from './request-state.codec.js';

const codec = new RequestStateCodec(
  new Map([['k1', Buffer.alloc(32, 7)]]),
  'k1',
);
const interceptor = new InputRequiredInterceptor(codec);
const ASK = {
  confirm: { method: 'elicitation/create', params: { message: 'Sure?' } },
} as const;

function call(
  params: JsonObject = {},
  options: {
    era?: 'modern' | 'legacy';
    capabilities?: JsonObject;
    subject?: string;
  } = {},
): McpRequestContext {
  const { ctx } = fakeContext({
    method: 'tools/call',
    era: options.era,
    params: {
      name: 'deploy',
      _meta: modernMeta({
        [META.clientCapabilities]: options.capabilities ?? { elicitation: {} },
      }),
      ...params,
    },
  });
  if (options.subject)
    ctx.principal = { subject: options.subject, scopes: [], claims: {} };
  return ctx;
}
const answer = (value: unknown) => () => Promise.resolve(value as McpResult);

describe(InputRequiredInterceptor.name, () => {
  it('turns InputRequired into the wire result with a sealed requestState', async () => {
    const ctx = call();
    const wire = await interceptor.intercept(
      ctx,
      answer(new InputRequired(ASK, { step: 2 })),
    );
    expect(wire).toEqual({
      resultType: 'input_required',
      inputRequests: ASK,
      requestState: expect.any(String),
    });
    const binding = 'tools/call\u0000deploy\u0000';
    expect(codec.open(wire.requestState, binding)).toEqual({ step: 2 });
  });

  it('leaves requestState out when there are input requests and no state', async () => {
    const wire = await interceptor.intercept(
      call(),
      answer(new InputRequired(ASK)),
    );
    expect(wire).toEqual({ resultType: 'input_required', inputRequests: ASK });
  });

  it('refuses an input request for a capability the client did not declare (-32021)', async () => {
    await expect(
      interceptor.intercept(
        call({}, { capabilities: { sampling: {} } }),
        answer(new InputRequired(ASK)),
      ),
    ).rejects.toMatchObject({
      code: -32021,
      httpStatus: 400,
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });

  it('refuses a legacy-era call that needs input with -32600 (HTTP 400)', async () => {
    await expect(
      interceptor.intercept(
        call({}, { era: 'legacy' }),
        answer(new InputRequired(ASK)),
      ),
    ).rejects.toMatchObject({
      code: -32600,
      httpStatus: 400,
      data: {
        requiredProtocolVersion: '2026-07-28',
        inputRequests: ['elicitation/create'],
      },
    });
  });

  it('opens a retry: verified requestState and inputResponses reach the context', async () => {
    const first = await interceptor.intercept(
      call({}, { subject: 'alice' }),
      answer(new InputRequired(ASK, { step: 2 })),
    );
    const retry = call(
      {
        requestState: first.requestState as string,
        inputResponses: { confirm: { action: 'accept' } },
      },
      { subject: 'alice' },
    );
    await expect(
      interceptor.intercept(retry, answer({ content: [] })),
    ).resolves.toEqual({ content: [] });
    expect(retry.requestState).toEqual({ step: 2 });
    expect(retry.inputResponses).toEqual({ confirm: { action: 'accept' } });
  });

  it.each([
    ['another caller', { name: 'deploy' }, 'bob'],
    ['another tool', { name: 'destroy' }, 'alice'],
  ])(
    'refuses a requestState replayed by %s (-32602)',
    async (_what, params, subject) => {
      const first = await interceptor.intercept(
        call({}, { subject: 'alice' }),
        answer(new InputRequired(ASK, 1)),
      );
      const next = jest.fn(answer({}));
      await expect(
        interceptor.intercept(
          call(
            { ...params, requestState: first.requestState as string },
            { subject },
          ),
          next,
        ),
      ).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('requestState failed verification'),
      });
      expect(next).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['a string', 'yes'],
    ['a map of non-objects', { confirm: 'yes' }],
  ])(
    'refuses inputResponses that are %s (-32602)',
    async (_what, inputResponses) => {
      await expect(
        interceptor.intercept(call({ inputResponses }), answer({})),
      ).rejects.toMatchObject({
        code: -32602,
        message:
          'Invalid params: inputResponses must map keys to response objects',
      });
    },
  );

  it('ignores methods without MRTR, retry fields and all', async () => {
    const { ctx } = fakeContext({
      method: 'tools/list',
      params: { requestState: 'forged', inputResponses: 'x' },
    });
    const odd = new InputRequired(ASK);
    await expect(interceptor.intercept(ctx, answer(odd))).resolves.toBe(odd);
  });
});
