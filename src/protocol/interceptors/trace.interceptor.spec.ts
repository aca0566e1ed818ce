import { describe, expect, it, jest } from '@jest/globals';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import {
  fakeContext,
  modernMeta,
} from '../testing/fake-context.spec-helper.js';
import type {
  McpRequestInfo,
  McpRequestSpan,
  McpRequestTracer,
} from './mcp-request-tracer.interface.js';
import { TraceInterceptor } from './trace.interceptor.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Records the spans it opens: what they were told, whether `run` was used, how they ended. */
class FakeTracer implements McpRequestTracer {
  readonly started: McpRequestInfo[] = [];
  readonly ended: Parameters<McpRequestSpan['end']>[0][] = [];
  insideSpan = false;

  startRequest(info: McpRequestInfo): McpRequestSpan {
    this.started.push(info);
    return {
      traceId: TRACE_ID,
      run: <T>(fn: () => T): T => {
        this.insideSpan = true;
        try {
          return fn();
        } finally {
          this.insideSpan = false;
        }
      },
      end: (outcome) => this.ended.push(outcome),
    };
  }
}

const toolCall = () =>
  fakeContext({
    method: 'tools/call',
    id: 'r1',
    params: { name: 'echo', _meta: modernMeta({ traceparent: 'x' }) },
    headers: { traceparent: 'h', tracestate: 's' },
  }).ctx;

describe(TraceInterceptor.name, () => {
  it('is left out of the pipeline without a tracer', () => {
    expect(new TraceInterceptor().enabled).toBe(false);
    expect(new TraceInterceptor(new FakeTracer()).enabled).toBe(true);
  });

  it('opens a span with what the request says, runs the rest inside it and ends it clean', async () => {
    const tracer = new FakeTracer();
    const ctx = toolCall();
    let seenInside = false;
    const result = await new TraceInterceptor(tracer).intercept(ctx, () => {
      seenInside = tracer.insideSpan;
      return Promise.resolve({ ok: true });
    });
    expect(result).toEqual({ ok: true });
    expect(seenInside).toBe(true);
    expect(tracer.started).toEqual([
      {
        method: 'tools/call',
        requestId: 'r1',
        protocolVersion: '2026-07-28',
        toolName: 'echo',
        meta: expect.objectContaining({
          traceparent: 'x',
          [META.protocolVersion]: '2026-07-28',
        }),
        httpTraceparent: 'h',
        httpTracestate: 's',
      },
    ]);
    expect(tracer.ended).toEqual([{}]);
    expect(ctx.traceId).toBe(TRACE_ID);
  });

  it('names no tool for other methods', async () => {
    const tracer = new FakeTracer();
    const { ctx } = fakeContext({
      method: 'prompts/get',
      params: { name: 'p' },
    });
    await new TraceInterceptor(tracer).intercept(ctx, () =>
      Promise.resolve({}),
    );
    expect(tracer.started[0].toolName).toBeUndefined();
    expect(tracer.started[0].protocolVersion).toBeUndefined();
  });

  it.each<[string, () => Promise<McpResult>, object]>([
    [
      'a tool error result',
      () => Promise.resolve({ isError: true }),
      { isError: true, errorType: 'tool_error' },
    ],
    [
      'a protocol error',
      () => Promise.reject(JsonRpcError.methodNotFound('x')),
      { errorCode: -32601, errorType: '-32601' },
    ],
    [
      'an unexpected exception',
      () => Promise.reject(new Error('boom')),
      { errorCode: -32603, errorType: 'internal' },
    ],
  ])('records %s as the outcome', async (_what, next, outcome) => {
    const tracer = new FakeTracer();
    const running = new TraceInterceptor(tracer).intercept(toolCall(), next);
    await running.catch(() => undefined);
    expect(tracer.ended).toEqual([outcome]);
  });

  it('rethrows what the rest of the pipeline threw', async () => {
    const err = new Error('boom');
    await expect(
      new TraceInterceptor(new FakeTracer()).intercept(toolCall(), () =>
        Promise.reject(err),
      ),
    ).rejects.toBe(err);
  });

  it('passes straight through without a tracer', async () => {
    const next = jest.fn(() => Promise.resolve({ ok: 1 }));
    await expect(
      new TraceInterceptor().intercept(toolCall(), next),
    ).resolves.toEqual({ ok: 1 });
  });
});
