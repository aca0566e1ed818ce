import { Injectable } from '@nestjs/common';
import {
  type Attributes,
  type Counter,
  type Histogram,
  metrics,
} from '@opentelemetry/api';
import { PACKAGE } from '../config/package-info.js';

/**
 * Bucket bounds in seconds: the MCP semantic conventions' advice, with finer buckets below 10 ms
 * prepended because most calls here finish in well under a millisecond.
 */
const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
  30, 60, 120, 300,
];

/** How a request ended, for metric dimensions. */
export type McpRequestOutcome = 'ok' | 'tool_error' | 'error';

/** Dimensions of one request's measurements; every value is low-cardinality (bounded by the caller). */
export interface McpRequestDimensions {
  method: string;
  tool?: string;
  outcome: McpRequestOutcome;
  errorType?: string;
}

/**
 * Request count and duration by method, tool and outcome (`mcp.server.operation.duration` from the
 * OpenTelemetry MCP conventions, plus a plain counter). Exported by whichever meter provider the
 * telemetry bootstrap registered.
 */
@Injectable()
export class McpRequestMetrics {
  private readonly requests: Counter;
  private readonly duration: Histogram;

  constructor() {
    const meter = metrics.getMeter(PACKAGE.name, PACKAGE.version);
    this.requests = meter.createCounter('mcp.server.requests', {
      unit: '{request}',
      description: 'MCP requests served, by method, tool and outcome.',
    });
    this.duration = meter.createHistogram('mcp.server.operation.duration', {
      unit: 's',
      description: 'MCP request duration as observed on the server.',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  }

  record(seconds: number, dimensions: McpRequestDimensions): void {
    const attributes: Attributes = {
      'mcp.method.name': dimensions.method,
      outcome: dimensions.outcome,
    };
    if (dimensions.tool !== undefined)
      attributes['gen_ai.tool.name'] = dimensions.tool;
    if (dimensions.errorType !== undefined)
      attributes['error.type'] = dimensions.errorType;
    this.requests.add(1, attributes);
    this.duration.record(seconds, attributes);
  }
}
