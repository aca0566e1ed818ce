import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { modernMeta, standardHeaders } from './support/mcp-request.js';
import {
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';

/** A `tools/call` of about `bytes` bytes (its argument is padding). */
function hugeCall(bytes: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 7,
    method: 'tools/call',
    params: {
      name: 'echo',
      arguments: { message: 'x'.repeat(bytes) },
      _meta: modernMeta(),
    },
  });
}

describe('an oversized body is refused where the client can read the refusal', () => {
  // A server process of its own, as in production: in the test's own event loop the client could
  // not send while the server answers, and the race this is about would never happen.
  let t: ServerProcess;
  beforeAll(async () => {
    t = await startServerProcess();
  });
  afterAll(() => t.stop());

  it.each([8, 64])(
    'a %i MiB tools/call from fetch gets 413 with its JSON-RPC error, not EPIPE',
    async (mib) => {
      const body = hugeCall(mib * 1024 * 1024);
      // Whether the server's close beats the client's writing is a race: try it several times.
      const outcomes: string[] = [];
      for (let i = 0; i < 8; i++) {
        try {
          const res = await fetch(t.url, {
            method: 'POST',
            headers: standardHeaders('tools/call', 'echo'),
            body,
          });
          outcomes.push(`${res.status} ${await res.text()}`);
        } catch (err) {
          const cause = (err as { cause?: { code?: string } }).cause;
          outcomes.push(cause?.code ?? String(err));
        }
      }
      const refusal = JSON.stringify({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message: `Request body exceeds ${1024 * 1024} bytes`,
        },
      });
      expect(outcomes).toEqual(Array(8).fill(`413 ${refusal}`));
    },
    60_000,
  );

  it('also when the body is chunked (no Content-Length to refuse up front)', async () => {
    const body = new TextEncoder().encode(hugeCall(8 * 1024 * 1024));
    const statuses: (number | string)[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < body.length; i += 64 * 1024)
            controller.enqueue(body.subarray(i, i + 64 * 1024));
          controller.close();
        },
      });
      try {
        const res = await fetch(t.url, {
          method: 'POST',
          headers: standardHeaders('tools/call', 'echo'),
          body: stream,
          duplex: 'half',
        });
        const answer = (await res.json()) as { error: { code: number } };
        statuses.push(res.status, answer.error.code);
      } catch (err) {
        statuses.push(
          (err as { cause?: { code?: string } }).cause?.code ?? '?',
        );
      }
    }
    expect(statuses).toEqual(Array(8).fill([413, -32600]).flat());
  }, 60_000);

  it('stops discarding after a bounded time: a client that never finishes is cut off', async () => {
    const port = new URL(t.url).port;
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', () => undefined);
    const headers = Object.entries(standardHeaders('tools/call', 'echo'))
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    // Declares 8 MiB, sends 2 MiB and then nothing more.
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}Content-Length: ${8 * 1024 * 1024}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(2 * 1024 * 1024, 0x20));
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    const waited = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request body exceeds');
    // The discard window (MCP_BODY_DISCARD_MS, 5 s by default), well before Node's request timeout.
    expect(waited).toBeGreaterThanOrEqual(4_000);
    expect(waited).toBeLessThan(15_000);
  }, 30_000);
});
