import {
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import {
  fakeContext,
  methodOf,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { McpErrorMapper } from '../transport/mcp-error.mapper.js';
import { DeadlineStep } from './deadline.step.js';

const TIMEOUT_MS = 100;
const settings = settingsOf({ MCP_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
let step: DeadlineStep;

/** A handler that answers only when told to. */
function pending() {
  let answer!: (result: McpResult) => void;
  const next = jest.fn(
    () => new Promise<McpResult>((resolve) => (answer = resolve)),
  );
  return { next, answer: (result: McpResult) => answer(result) };
}

beforeEach(() => {
  jest.useFakeTimers();
  step = new DeadlineStep(settings, new McpErrorMapper(settings));
});
afterEach(() => {
  step.onModuleDestroy();
  jest.useRealTimers();
});

describe(DeadlineStep.name, () => {
  it('answers -32603 with HTTP 504 once when a request outlives the timeout, and aborts its work', async () => {
    const { ctx, responder } = fakeContext({ method: 'tools/call', id: 9 });
    const { signal } = ctx;
    const { next, answer } = pending();
    const running = step.intercept(ctx, next);

    jest.advanceTimersByTime(TIMEOUT_MS - 1);
    expect(responder.sent).toEqual([]);
    jest.advanceTimersByTime(TIMEOUT_MS * 5);

    expect(responder.sent).toEqual([
      {
        status: 504,
        body: {
          jsonrpc: '2.0',
          id: 9,
          error: { code: -32603, message: 'Request timed out' },
        },
        headers: undefined,
      },
    ]);
    expect(signal.aborted).toBe(true);
    // The late result is handed on; the responder (closed by then) drops it.
    answer({ late: true });
    await expect(running).resolves.toEqual({ late: true });
    jest.advanceTimersByTime(TIMEOUT_MS * 5);
    expect(responder.sent).toHaveLength(1);
  });

  it('leaves a request that finished in time alone', async () => {
    const { ctx, responder } = fakeContext({ method: 'tools/call' });
    const { next, answer } = pending();
    const running = step.intercept(ctx, next);
    answer({ done: true });
    await expect(running).resolves.toEqual({ done: true });
    jest.advanceTimersByTime(TIMEOUT_MS * 5);
    expect(responder.sent).toEqual([]);
    expect(ctx.signal.aborted).toBe(false);
  });

  it('exempts a long-lived stream and detaches it from shutdown accounting', async () => {
    const release = jest.fn();
    const { ctx, responder } = fakeContext({
      method: 'subscriptions/listen',
      target: methodOf('subscriptions/listen', { longLived: true }),
      release,
    });
    const { next, answer } = pending();
    const running = step.intercept(ctx, next);
    expect(release).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(TIMEOUT_MS * 10);
    expect(responder.sent).toEqual([]);
    answer({ closed: true });
    await expect(running).resolves.toEqual({ closed: true });
  });

  it('does not detach an ordinary request from shutdown accounting', async () => {
    const release = jest.fn();
    const { ctx } = fakeContext({ method: 'tools/call', release });
    await step.intercept(ctx, () => Promise.resolve({}));
    expect(release).not.toHaveBeenCalled();
  });
});
