import { Injectable } from '@nestjs/common';
import {
  type Attributes,
  type Context,
  isSpanContextValid,
  type Link,
  ROOT_CONTEXT,
  SpanKind,
  type TextMapGetter,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { PACKAGE } from '../config/package-info.js';
import { InstanceInfo } from '../instance/instance-info.js';
import { McpMethodRegistry } from '../protocol/dispatch/mcp-method.registry.js';
import type {
  McpRequestInfo,
  McpRequestSpan,
  McpRequestTracer,
} from '../protocol/interceptors/mcp-request-tracer.interface.js';
import { ToolRegistry } from '../tools/tool.registry.js';
import { McpRequestMetrics } from './mcp-request.metrics.js';
import { OtelMcpRequestSpan } from './otel-mcp-request.span.js';

/** Stands for any name the server does not know (a client's typo, or noise): keeps names bounded. */
const OTHER = '_OTHER';
/** Longest client-chosen string copied into an attribute. */
const MAX_ATTRIBUTE_LENGTH = 256;

// W3C Trace Context and Baggage, whatever global propagator the SDK was configured with: `_meta`
// carries exactly these keys (SEP-414).
const W3C = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
const STRING_VALUES: TextMapGetter<Readonly<Record<string, unknown>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

/**
 * One SERVER span per MCP request, after the OpenTelemetry MCP semantic conventions: named
 * `{mcp.method.name} {gen_ai.tool.name}`, parented on the trace context in `params._meta`, falling
 * back to the HTTP `traceparent` header; when both are present the header's context becomes a link
 * (the conventions: "SHOULD link current ambient context"). Bound to `McpRequestTracer` only while
 * telemetry runs.
 */
@Injectable()
export class OtelMcpRequestTracer implements McpRequestTracer {
  private readonly tracer: Tracer = trace.getTracer(
    PACKAGE.name,
    PACKAGE.version,
  );
  private readonly slot: string;

  constructor(
    private readonly methods: McpMethodRegistry,
    private readonly tools: ToolRegistry,
    private readonly metrics: McpRequestMetrics,
    instance: InstanceInfo,
  ) {
    this.slot = instance.slotName;
  }

  startRequest(info: McpRequestInfo): McpRequestSpan {
    const fromMeta =
      info.meta && 'traceparent' in info.meta
        ? remoteContext(info.meta)
        : undefined;
    const fromHttp = info.httpTraceparent
      ? remoteContext({
          traceparent: info.httpTraceparent,
          tracestate: info.httpTracestate,
        })
      : undefined;
    const parent = fromMeta ?? fromHttp ?? ROOT_CONTEXT;
    const httpSpan = fromMeta && fromHttp && trace.getSpanContext(fromHttp);
    const links: Link[] =
      httpSpan && httpSpan.spanId !== trace.getSpanContext(parent)?.spanId
        ? [{ context: httpSpan }]
        : [];

    const names = {
      method: this.isKnownMethod(info.method) ? info.method : OTHER,
      tool:
        info.toolName === undefined
          ? undefined
          : this.tools.get(info.toolName)
            ? info.toolName
            : OTHER,
    };
    const span = this.tracer.startSpan(
      names.tool === undefined ? names.method : `${names.method} ${names.tool}`,
      { kind: SpanKind.SERVER, attributes: this.attributesOf(info), links },
      parent,
    );
    return new OtelMcpRequestSpan(
      span,
      trace.setSpan(parent, span),
      names,
      this.metrics,
    );
  }

  private attributesOf(info: McpRequestInfo): Attributes {
    const attributes: Attributes = {
      'mcp.method.name': clip(info.method),
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      // Resource attributes do not reach Application Insights rows; the slot must (prod and staging
      // share instances), so it also rides on the span and lands in customDimensions.
      'deployment.environment.name': this.slot,
    };
    if (info.requestId !== undefined && info.requestId !== null)
      attributes['jsonrpc.request.id'] = clip(String(info.requestId));
    if (info.protocolVersion)
      attributes['mcp.protocol.version'] = clip(info.protocolVersion);
    if (info.toolName !== undefined) {
      attributes['gen_ai.tool.name'] = clip(info.toolName);
      attributes['gen_ai.operation.name'] = 'execute_tool';
    }
    return attributes;
  }

  private isKnownMethod(method: string): boolean {
    return (
      this.methods.lookup('modern', method) !== undefined ||
      this.methods.lookup('legacy', method) !== undefined
    );
  }
}

/** The remote span context (and baggage) in `carrier`, or undefined when it has no valid one. */
function remoteContext(
  carrier: Readonly<Record<string, unknown>>,
): Context | undefined {
  const extracted = W3C.extract(ROOT_CONTEXT, carrier, STRING_VALUES);
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && isSpanContextValid(spanContext) ? extracted : undefined;
}

function clip(value: string): string {
  return value.length > MAX_ATTRIBUTE_LENGTH
    ? value.slice(0, MAX_ATTRIBUTE_LENGTH)
    : value;
}
