import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { McpRequestTracer } from '../src/protocol/interceptors/mcp-request-tracer.interface.js';
import { activeTelemetry } from '../src/telemetry/running-telemetry.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

describe('telemetry off (no connection string, no OTLP endpoint)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('binds no tracer: the /mcp path skips tracing entirely', () => {
    expect(activeTelemetry()).toBeUndefined();
    expect(() => t.app.get(McpRequestTracer, { strict: false })).toThrow();
  });

  it('whoami still reports the trace the caller sent, from _meta or the HTTP header', async () => {
    const whoami = (meta: object, headers: Record<string, string> = {}) =>
      mcp(
        t.server,
        'tools/call',
        { name: 'whoami', arguments: {}, _meta: meta },
        { extraHeaders: headers },
      ).then((res) => res.body.result.structuredContent.trace_id);
    expect(await whoami({ traceparent: TRACEPARENT })).toBe(TRACE_ID);
    expect(await whoami({}, { traceparent: TRACEPARENT })).toBe(TRACE_ID);
    expect(await whoami({ traceparent: 'not-a-traceparent' })).toBeNull();
    expect(await whoami({})).toBeNull();
  });
});
