import { describe, expect, it, jest } from '@jest/globals';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { META, MODERN_PROTOCOL_VERSION } from '../protocol.constants.js';
import {
  fakeContext,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { EraDetector } from '../transport/era-detector.js';
import { ACCEPTED, EnvelopeStep } from './envelope.step.js';

const settings = settingsOf();
const step = new EnvelopeStep(settings, new EraDetector(settings));
const body = (message: object) =>
  JSON.stringify({ jsonrpc: '2.0', ...message });

describe(EnvelopeStep.name, () => {
  it('answers ACCEPTED for a notification without going on', async () => {
    const { ctx } = fakeContext({
      body: body({ method: 'notifications/initialized' }),
    });
    const next = jest.fn(() => Promise.resolve({}));
    await expect(step.intercept(ctx, next)).resolves.toBe(ACCEPTED);
    expect(next).not.toHaveBeenCalled();
  });

  it('binds the message and its era, then goes on', async () => {
    const meta = {
      [META.protocolVersion]: MODERN_PROTOCOL_VERSION,
      [META.clientCapabilities]: {},
    };
    const { ctx } = fakeContext({
      body: body({ id: 7, method: 'tools/list', params: { _meta: meta } }),
    });
    const next = jest.fn(() => Promise.resolve({ listed: true }));
    await expect(step.intercept(ctx, next)).resolves.toEqual({ listed: true });
    expect(next).toHaveBeenCalledTimes(1);
    expect(ctx.requestId).toBe(7);
    expect(ctx.method).toBe('tools/list');
    expect(ctx.era).toBe('modern');
    expect(ctx.protocolVersion).toBe(MODERN_PROTOCOL_VERSION);
  });

  it('binds a request without _meta or version header as legacy (lenient mode)', async () => {
    const { ctx } = fakeContext({
      body: body({ id: 'a', method: 'initialize', params: {} }),
    });
    await step.intercept(ctx, () => Promise.resolve({}));
    expect(ctx.era).toBe('legacy');
  });

  it('refuses a body that is not JSON with -32700 before going on', async () => {
    const { ctx } = fakeContext({ body: '{"jsonrpc":' });
    const next = jest.fn(() => Promise.resolve({}));
    await expect(step.intercept(ctx, next)).rejects.toMatchObject({
      code: -32700,
    });
    await expect(
      step.intercept(fakeContext({ body: '[1]' }).ctx, next),
    ).rejects.toBeInstanceOf(JsonRpcError);
    expect(next).not.toHaveBeenCalled();
  });
});
