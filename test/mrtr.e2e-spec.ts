import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta } from './support/mcp-request.js';

const CAPS = { elicitation: {}, sampling: {}, roots: {} };
const withCaps = (caps: object) => ({
  ...modernMeta(),
  'io.modelcontextprotocol/clientCapabilities': caps,
});

describe('input_required results (MRTR, SEP-2322)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [ConformanceFixturesModule]);
  });
  afterAll(() => t.close());

  const call = (
    name: string,
    extra: Record<string, unknown> = {},
    caps: object = CAPS,
  ) =>
    mcp(t.server, 'tools/call', {
      name,
      arguments: {},
      _meta: withCaps(caps),
      ...extra,
    });

  it('asks, then answers the retry that carries the inputResponses', async () => {
    const first = (await call('test_input_required_result_elicitation')).body
      .result;
    expect(first).toMatchObject({
      resultType: 'input_required',
      inputRequests: { user_name: { method: 'elicitation/create' } },
    });
    expect(first.content).toBeUndefined();
    const retry = await call('test_input_required_result_elicitation', {
      inputResponses: {
        user_name: { action: 'accept', content: { name: 'Ada' } },
      },
    });
    expect(retry.body.result).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Hello, Ada!' }],
    });
  });

  it('round-trips a sealed requestState across rounds, each round with a new one', async () => {
    const r1 = (await call('test_input_required_result_multi_round')).body
      .result;
    const r2 = (
      await call('test_input_required_result_multi_round', {
        inputResponses: {
          step1: { action: 'accept', content: { name: 'Ada' } },
        },
        requestState: r1.requestState,
      })
    ).body.result;
    expect(r2.resultType).toBe('input_required');
    expect(r2.requestState).not.toBe(r1.requestState);
    const r3 = (
      await call('test_input_required_result_multi_round', {
        inputResponses: {
          step2: { action: 'accept', content: { color: 'blue' } },
        },
        requestState: r2.requestState,
      })
    ).body.result;
    expect(r3.content[0].text).toBe('Ada likes blue');
  });

  it('lets the retry land on another instance of the deployment (requestState is sealed with the shared keys)', async () => {
    const other = await startApp({ WEBSITE_INSTANCE_ID: 'other' }, [
      ConformanceFixturesModule,
    ]);
    try {
      const r1 = (await call('test_input_required_result_multi_round')).body
        .result;
      const r2 = await mcp(other.server, 'tools/call', {
        name: 'test_input_required_result_multi_round',
        arguments: {},
        _meta: withCaps(CAPS),
        inputResponses: {
          step1: { action: 'accept', content: { name: 'Ada' } },
        },
        requestState: r1.requestState,
      });
      expect(r2.body.result.resultType).toBe('input_required');
    } finally {
      await other.close();
    }
  });

  it.each([
    [
      'tampered',
      (s: string) => s.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    ],
    ['garbage', () => 'not-a-state'],
  ])('refuses a %s requestState with -32602', async (_what, mangle) => {
    const r1 = (await call('test_input_required_result_tampered_state')).body
      .result;
    const res = await call('test_input_required_result_tampered_state', {
      inputResponses: { confirm: { action: 'accept', content: { ok: true } } },
      requestState: mangle(r1.requestState),
    });
    expect(res.body.error.code).toBe(-32602);
  });

  it('refuses a requestState minted for another tool', async () => {
    const r1 = (await call('test_input_required_result_request_state')).body
      .result;
    const res = await call('test_input_required_result_tampered_state', {
      requestState: r1.requestState,
    });
    expect(res.body.error.code).toBe(-32602);
  });

  it.each([[null], [[1]], [{ user_name: 12345 }]])(
    'refuses malformed inputResponses %j with -32602',
    async (inputResponses) => {
      expect(
        (
          await call('test_input_required_result_elicitation', {
            inputResponses,
          })
        ).body.error.code,
      ).toBe(-32602);
    },
  );

  it('answers -32021 with requiredCapabilities when the handler needs an undeclared capability', async () => {
    const res = await call('test_missing_capability', {}, {});
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { sampling: {} } },
    });
  });
});
