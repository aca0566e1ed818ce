import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';
import { recorderModule, RequestRecorder } from './support/recording-tracer.js';

/** Records what the endpoint reports; the real tracer is the telemetry module's. */
const tracer = new RequestRecorder();

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

describe('the request tracer seam (SEP-414 trace context)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [recorderModule(tracer)]);
  });
  afterAll(() => t.close());

  it('parents the request on _meta.traceparent and hands the trace id to the tool', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'whoami',
      arguments: {},
      _meta: { traceparent: TRACEPARENT },
    });
    expect(res.body.result.structuredContent.trace_id).toBe(TRACE_ID);
    expect(tracer.spans.at(-1)).toEqual({
      info: expect.objectContaining({
        method: 'tools/call',
        toolName: 'whoami',
        protocolVersion: '2026-07-28',
        requestId: expect.anything(),
      }),
      outcome: {},
    });
  });

  it('falls back to the HTTP traceparent header', async () => {
    const res = await mcp(
      t.server,
      'tools/call',
      { name: 'whoami', arguments: {} },
      { extraHeaders: { traceparent: TRACEPARENT } },
    );
    expect(res.body.result.structuredContent.trace_id).toBe(TRACE_ID);
  });

  it('records isError results and refused requests', async () => {
    await callTool(t.server, 'echo', {});
    expect(tracer.spans.at(-1)!.outcome).toEqual({
      isError: true,
      errorType: 'tool_error',
    });
    await mcp(
      t.server,
      'tools/list',
      {},
      { extraHeaders: { 'Mcp-Method': 'tools/call' } },
    );
    expect(tracer.spans.at(-1)!.outcome).toEqual({
      errorCode: -32020,
      errorType: '-32020',
    });
  });
});
