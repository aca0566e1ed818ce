import { describe, expect, it } from '@jest/globals';
import { META } from '../protocol.constants.js';
import {
  fakeContext,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { ResultMetaInterceptor } from './result-meta.interceptor.js';

const settings = settingsOf();
const interceptor = new ResultMetaInterceptor(settings);
const run = (era: 'modern' | 'legacy', result: Record<string, unknown>) =>
  interceptor.intercept(fakeContext({ method: 'ping', era }).ctx, () =>
    Promise.resolve(result),
  );

describe(ResultMetaInterceptor.name, () => {
  it('stamps resultType complete and serverInfo on a modern result', async () => {
    await expect(run('modern', { tools: [] })).resolves.toEqual({
      tools: [],
      resultType: 'complete',
      _meta: { [META.serverInfo]: settings.serverInfo },
    });
    expect(settings.serverInfo.name).toEqual(expect.any(String));
  });

  it("keeps a handler's own resultType and _meta entries", async () => {
    await expect(
      run('modern', { resultType: 'input_required', _meta: { mine: 1 } }),
    ).resolves.toEqual({
      resultType: 'input_required',
      _meta: { mine: 1, [META.serverInfo]: settings.serverInfo },
    });
  });

  it('leaves a legacy result exactly as the handler made it', async () => {
    await expect(run('legacy', {})).resolves.toStrictEqual({});
  });
});
