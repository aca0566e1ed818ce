import { describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { REFUSAL_REASONS, RefusalWriter } from './refusal.writer.js';

/** The parts of a response the writer touches, recorded. */
function recorder() {
  const sent: { status?: number; headers?: object; body?: string } = {};
  const res = {
    writeHead(status: number, headers: object) {
      sent.status = status;
      sent.headers = headers;
    },
    end(body: Buffer) {
      sent.body = body.toString('utf8');
    },
  } as unknown as ServerResponse;
  return { res, sent };
}

describe(RefusalWriter.name, () => {
  it('answers every reason with a 503, Retry-After and a JSON-RPC error whose length is exact', () => {
    const writer = new RefusalWriter(3, 64, 'instance-7');
    for (const reason of REFUSAL_REASONS) {
      const { res, sent } = recorder();
      writer.write(res, reason);
      expect(sent.status).toBe(503);
      expect(sent.headers).toEqual({
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(sent.body!),
        'Retry-After': 3,
        'X-Served-By': 'instance-7',
      });
      expect(JSON.parse(sent.body!)).toMatchObject({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32603,
          data: {
            retryable: true,
            retryAfterMs: 3000,
            scope: 'instance',
            reason,
          },
        },
      });
    }
  });

  it('says which bound was hit', () => {
    const { res, sent } = recorder();
    new RefusalWriter(1, 64, 'i').write(res, 'in-flight');
    expect(JSON.parse(sent.body!).error.message).toBe(
      'This server is serving 64 requests already; retry after 1 s',
    );
  });
});
