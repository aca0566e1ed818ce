import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApp, type TestServer } from './support/mcp-app.js';
import { modernMeta, standardHeaders } from './support/mcp-request.js';

/**
 * The smallest counterexamples the fuzz suite (test/fuzz) found, kept as plain regression tests
 * so they run in every build whatever FUZZ_RUNS is.
 */
describe('fuzz regressions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const post = (body: object, headers: Record<string, string>) =>
    request(t.server).post('/mcp').set(headers).send(JSON.stringify(body));

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'answers method %s with an Mcp-Name header as an unknown method (was a 500)',
    async (method) => {
      const res = await post(
        { jsonrpc: '2.0', id: '', method, params: { _meta: modernMeta() } },
        { ...standardHeaders(method), 'Mcp-Name': '' },
      );
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        jsonrpc: '2.0',
        id: '',
        error: { code: -32601, message: expect.any(String) },
      });
    },
  );

  it('answers an Mcp-Name header for a call without a name with -32020 (was a 500)', async () => {
    const res = await post(
      {
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { _meta: modernMeta(), arguments: {} },
      },
      standardHeaders('tools/call', 'echo'),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ id: 5, error: { code: -32020 } });
  });

  it('does not reflect a huge unknown method name back in full', async () => {
    const method = 'm'.repeat(5000);
    const res = await post(
      { jsonrpc: '2.0', id: 0, method, params: { _meta: modernMeta() } },
      { ...standardHeaders('x'), 'Mcp-Method': method },
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe(-32601);
    expect(res.body.error.message.length).toBeLessThan(120);
  });
});
