import { Global, Module } from '@nestjs/common';
import {
  McpRequestTracer,
  type McpRequestInfo,
  type McpRequestSpan,
} from '../../src/protocol/interceptors/mcp-request-tracer.interface.js';

/** One request as the tracer saw it: what the endpoint reported at the start, and its outcome. */
export interface RecordedRequest {
  readonly info: McpRequestInfo;
  outcome?: object;
}

/**
 * Stands in for the telemetry module's tracer: keeps what the endpoint reports about each request
 * (method, `_meta`, HTTP traceparent, outcome) and hands back the caller's trace id as the span's.
 */
export class RequestRecorder implements McpRequestTracer {
  readonly spans: RecordedRequest[] = [];

  startRequest(info: McpRequestInfo): McpRequestSpan {
    const entry: RecordedRequest = { info };
    this.spans.push(entry);
    const traceparent =
      (info.meta?.traceparent as string | undefined) ?? info.httpTraceparent;
    return {
      traceId: traceparent?.split('-')[1],
      run: (fn) => fn(),
      end: (outcome) => (entry.outcome = outcome),
    };
  }

  /** What the endpoint reported at the start of each request, in order. */
  get requests(): McpRequestInfo[] {
    return this.spans.map((span) => span.info);
  }

  /** Requests of `method` seen so far. */
  count(method: string): number {
    return this.spans.filter((span) => span.info.method === method).length;
  }
}

/** A global module binding `recorder` as the request tracer of the app under test. */
export function recorderModule(recorder: RequestRecorder) {
  @Global()
  @Module({
    providers: [{ provide: McpRequestTracer, useValue: recorder }],
    exports: [McpRequestTracer],
  })
  class RequestRecorderModule {}
  return RequestRecorderModule;
}
