import { Injectable } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import { PACKAGE } from '../config/package-info.js';
import { AdmissionGate } from '../protocol/admission/admission.gate.js';
import { REFUSAL_REASONS } from '../protocol/admission/refusal.writer.js';

/**
 * Admission control as metrics, read when the exporter collects (nothing per request):
 * `mcp.server.admission.refused` (refusals by reason, a counter), `mcp.server.requests.in_flight`
 * and `mcp.server.event_loop.turn.max` (the longest event-loop turn of the last 10–20 s, in ms).
 */
@Injectable()
export class AdmissionMetrics {
  constructor(gate: AdmissionGate) {
    const meter = metrics.getMeter(PACKAGE.name, PACKAGE.version);
    meter
      .createObservableCounter('mcp.server.admission.refused', {
        unit: '{request}',
        description: 'MCP requests refused by admission control, by reason.',
      })
      .addCallback((result) => {
        const { refused } = gate.stats();
        for (const reason of REFUSAL_REASONS)
          result.observe(refused[reason], { reason });
      });
    meter
      .createObservableGauge('mcp.server.requests.in_flight', {
        unit: '{request}',
        description:
          'MCP requests being served (open listen streams excepted).',
      })
      .addCallback((result) => result.observe(gate.stats().inFlight));
    meter
      .createObservableGauge('mcp.server.event_loop.turn.max', {
        unit: 'ms',
        description:
          'The longest event-loop turn of the last 10 to 20 seconds.',
      })
      .addCallback((result) => result.observe(gate.stats().longestTurnMs));
  }
}
