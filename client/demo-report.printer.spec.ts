import { describe, expect, it } from '@jest/globals';
import type { DemoReport } from './demo-report.js';
import { formatReport } from './demo-report.printer.js';

const report: DemoReport = {
  url: 'http://x/mcp',
  protocolVersion: '2026-07-28',
  ok: false,
  discover: {
    server: { name: 's', version: '1' },
    supportedVersions: ['2026-07-28'],
    capabilities: ['tools'],
    ttlMs: 300000,
    cacheScope: 'public',
  },
  tools: {
    names: ['tally', 'whoami'],
    ttlMs: 500,
    cacheScope: 'private',
    secondListFromCache: false,
  },
  whoami: [
    {
      call: 1,
      instance_id: 'a',
      slot_name: 'staging',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    },
  ],
  tally: [
    { call: 1, add: 1, total: 1, expected: 1, calls: 1, instance_id: 'a' },
    { call: 2, add: 2, total: 4, expected: 3, calls: 2, instance_id: 'b' },
  ],
  headerMismatch: { code: -32020, httpStatus: 400, message: 'Header mismatch' },
  instances: { a: 2, b: 1 },
  failures: ['tally #2: total 4, expected 3'],
};

describe('formatReport', () => {
  it('shows each step, the cache hints, instances, tally marks and the verdict', () => {
    const text = formatReport(report);
    expect(text).toContain('1. server/discover   s 1');
    expect(text).toContain(
      'cache hints: ttlMs 500 (500 ms), cacheScope private',
    );
    expect(text).toContain('a second tools/list went to the server');
    expect(text).toContain(
      '#1  instance a  slot staging  trace 0af7651916cd43dd8448eb211c80319c',
    );
    expect(text).toMatch(
      /#2 {2}add 2 {2}→ total {3}4 ✗ expected 3 {2}instance b/,
    );
    expect(text).toContain(
      '5. wrong Mcp-Name    HTTP 400, -32020: Header mismatch',
    );
    expect(text).toContain('Instances seen: a ×2, b ×1');
    expect(text).toContain(
      '✗ 1 unexpected result(s):\n  - tally #2: total 4, expected 3',
    );
    expect(text).not.toContain('as a task');
  });

  it('shows the task section with each poll and its instance', () => {
    const text = formatReport({
      ...report,
      task: {
        tool: 'compute_primes',
        arguments: { limit: 10_000_000 },
        mode: 'task',
        created: {
          taskId: 'tk_1',
          status: 'working',
          ttlMs: 60_000,
          pollIntervalMs: 200,
          servedBy: 'a',
        },
        polls: [{ poll: 1, status: 'completed', servedBy: 'b' }],
        status: 'completed',
        result: {
          resultType: 'complete',
          content: [],
          structuredContent: {
            limit: 10_000_000,
            prime_count: 664_579,
            capped: false,
            instance_id: 'a',
          },
        },
        done: true,
      },
    });
    expect(text).toContain(
      [
        '6. compute_primes {"limit":10000000} as a task',
        '     task tk_1 created by instance a: working (ttl 60 s, poll every 200 ms)',
        '       poll   1  completed       instance b',
        '     result: 664579 primes <= 10000000, counted on instance a',
      ].join('\n'),
    );
  });
});
