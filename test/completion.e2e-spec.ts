import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FACTS } from '../src/builtin/tools/facts.data.js';
import { TeamContentModule } from './fixtures/team-content.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';

const TOPICS = Object.keys(FACTS).sort();

describe('completion/complete (MCP server/utilities/completion)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [TeamContentModule]);
  });
  afterAll(() => t.close());

  const complete = (ref: unknown, argument: unknown, context?: unknown) =>
    mcp(t.server, 'completion/complete', {
      ref,
      argument,
      ...(context === undefined ? {} : { context }),
    });
  const values = async (
    ref: unknown,
    name: string,
    value: string,
    context?: unknown,
  ) => {
    const res = await complete(ref, { name, value }, context);
    expect(res.status).toBe(200);
    expect(res.body.result.resultType).toBe('complete');
    return res.body.result.completion;
  };

  it('completes a prompt argument from its static list, by case-insensitive prefix', async () => {
    const ref = { type: 'ref/prompt', name: 'explain_fact' };
    expect(await values(ref, 'topic', '')).toEqual({
      values: TOPICS,
      total: TOPICS.length,
      hasMore: false,
    });
    expect(await values(ref, 'topic', 'ST')).toEqual({
      values: ['stateless-http'],
      total: 1,
      hasMore: false,
    });
    expect(await values(ref, 'audience', 'm')).toEqual({
      values: ['manager'],
      total: 1,
      hasMore: false,
    });
  });

  it('completes a resource template variable, from the decorator or from the class', async () => {
    expect(
      await values(
        { type: 'ref/resource', uri: 'facts://{topic}' },
        'topic',
        'd',
      ),
    ).toEqual({
      values: ['deployment-slots'],
      total: 1,
      hasMore: false,
    });
    const report = {
      type: 'ref/resource',
      uri: 'team://reports/{year}/{quarter}',
    };
    expect((await values(report, 'quarter', 'q')).values).toEqual([
      'Q1',
      'Q2',
      'Q3',
      'Q4',
    ]);
    expect((await values(report, 'year', '202')).values).toEqual([
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
      '2025',
      '2026',
      '2027',
      '2028',
      '2029',
    ]);
  });

  it('hands the already-filled arguments to the completer', async () => {
    const ref = { type: 'ref/prompt', name: 'team_greeting' };
    expect(
      (await values(ref, 'style', 'f', { arguments: { name: 'Grace' } }))
        .values,
    ).toEqual(['formal', 'festive']);
    expect((await values(ref, 'style', 'w')).values).toEqual([
      'warm',
      'witty',
      'wordy',
    ]);
  });

  it('sends at most 100 values, with the total and hasMore', async () => {
    const many = await values(
      { type: 'ref/prompt', name: 'team_pick' },
      'n',
      '',
    );
    expect(many.values).toHaveLength(100);
    expect(many).toMatchObject({ total: 1000, hasMore: true });
    const years = await values(
      { type: 'ref/resource', uri: 'team://reports/{year}/{quarter}' },
      'year',
      '',
    );
    expect(years).toMatchObject({ total: 150, hasMore: true });
    expect(years.values).toHaveLength(100);
  });

  it('answers an argument without candidates with no values', async () => {
    expect(
      await values({ type: 'ref/prompt', name: 'team_pick' }, 'free', 'x'),
    ).toEqual({ values: [], total: 0, hasMore: false });
  });

  it.each([
    [
      'an unknown prompt',
      { type: 'ref/prompt', name: 'nope' },
      { name: 'x', value: '' },
    ],
    [
      'an unknown template',
      { type: 'ref/resource', uri: 'facts://{nope}' },
      { name: 'nope', value: '' },
    ],
    [
      'a static resource URI',
      { type: 'ref/resource', uri: 'team://logo.png' },
      { name: 'x', value: '' },
    ],
    [
      'an argument the prompt does not declare',
      { type: 'ref/prompt', name: 'explain_fact' },
      { name: 'lang', value: '' },
    ],
    [
      'a variable the template does not have',
      { type: 'ref/resource', uri: 'facts://{topic}' },
      { name: 'id', value: '' },
    ],
    [
      'an unknown ref type',
      { type: 'ref/tool', name: 'echo' },
      { name: 'x', value: '' },
    ],
    ['a ref without a name', { type: 'ref/prompt' }, { name: 'x', value: '' }],
    [
      'an argument without a value',
      { type: 'ref/prompt', name: 'explain_fact' },
      { name: 'topic' },
    ],
    ['no argument', { type: 'ref/prompt', name: 'explain_fact' }, undefined],
  ])('answers %s with -32602', async (_what, ref, argument) => {
    const res = await complete(ref, argument);
    expect(res.status).toBe(200);
    expect(res.body.error.code).toBe(-32602);
  });

  it('answers context.arguments that are not strings with -32602', async () => {
    const res = await complete(
      { type: 'ref/prompt', name: 'team_greeting' },
      { name: 'style', value: '' },
      { arguments: { name: 1 } },
    );
    expect(res.body.error.code).toBe(-32602);
  });
});
