import { Global, Module } from '@nestjs/common';
import {
  McpRequestTracer,
  type McpRequestInfo,
  type McpRequestSpan,
} from '../../src/protocol/interceptors/mcp-request-tracer.interface.js';

/** Keeps what the endpoint tells the tracer about each request: method, `_meta`, HTTP traceparent. */
export class RequestRecorder implements McpRequestTracer {
  readonly requests: McpRequestInfo[] = [];

  startRequest(info: McpRequestInfo): McpRequestSpan {
    this.requests.push(info);
    const traceparent =
      (info.meta?.traceparent as string | undefined) ?? info.httpTraceparent;
    return {
      traceId: traceparent?.split('-')[1],
      run: (fn) => fn(),
      end: () => undefined,
    };
  }

  /** Requests of `method` seen so far. */
  count(method: string): number {
    return this.requests.filter((r) => r.method === method).length;
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
