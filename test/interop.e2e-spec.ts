import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startApp, type TestServer } from './support/mcp-app.js';

// Clients nobody here wrote are the judges: SDK v2 speaks 2026-07-28, v1 speaks 2025-11-25 and
// always opens with initialize (docs/protocol.md, "Legacy clients").
describe('official TypeScript SDK clients', () => {
  let lenient: TestServer;
  let strict: TestServer;
  beforeAll(async () => {
    lenient = await startApp({ WEBSITE_INSTANCE_ID: 'interop-1' });
    strict = await startApp({
      WEBSITE_INSTANCE_ID: 'interop-2',
      MCP_STRICT_HEADERS: '1',
    });
  });
  afterAll(async () => {
    await lenient.close();
    await strict.close();
  });

  describe.each([
    ['pinned 2026-07-28, strict server', () => strict, { pin: '2026-07-28' }],
    ['auto negotiation, lenient server', () => lenient, 'auto'],
  ] as const)('v2 client (%s)', (_what, server, mode) => {
    let client: Client;
    beforeAll(async () => {
      client = new Client(
        { name: 'interop-v2', version: '1.0.0' },
        { versionNegotiation: { mode } },
      );
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server().url)),
      );
    });
    afterAll(() => client.close());

    it('lists every tool and calls each one', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual([
        'compute_primes',
        'echo',
        'lookup_fact',
        'tally',
        'whoami',
      ]);
      const calls: Record<string, Record<string, unknown>> = {
        compute_primes: { limit: 20000 },
        echo: { message: 'from v2' },
        lookup_fact: { topic: 'mcp' },
        tally: { add: 2 },
        whoami: {},
      };
      for (const tool of tools) {
        const result = await client.callTool({
          name: tool.name,
          arguments: calls[tool.name],
        });
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toBeDefined();
      }
      const primes = await client.callTool({
        name: 'compute_primes',
        arguments: { limit: 20000 },
      });
      expect(primes.structuredContent).toMatchObject({ prime_count: 2262 });
    });

    it('carries a tally handle from call to call', async () => {
      let handle: string | undefined;
      for (let i = 1; i <= 3; i++) {
        const result = await client.callTool({
          name: 'tally',
          arguments: handle ? { handle, add: 5 } : { add: 5 },
        });
        expect(result.structuredContent).toMatchObject({
          total: 5 * i,
          calls: i,
        });
        handle = (result.structuredContent as { handle: string }).handle;
      }
    });

    it('lists and reads resources, lists templates, gets a prompt and completes its argument', async () => {
      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(
        expect.arrayContaining(['facts://mcp', 'facts://handles']),
      );
      const { contents } = await client.readResource({ uri: 'facts://mcp' });
      expect(contents).toEqual([
        {
          uri: 'facts://mcp',
          mimeType: 'text/plain',
          text: expect.stringContaining('Model Context Protocol'),
        },
      ]);
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates).toEqual([
        expect.objectContaining({
          uriTemplate: 'facts://{topic}',
          name: 'fact',
        }),
      ]);
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual([
        'check_load_distribution',
        'explain_fact',
      ]);
      const prompt = await client.getPrompt({
        name: 'explain_fact',
        arguments: { topic: 'handles' },
      });
      expect(prompt.messages[0]).toEqual({
        role: 'user',
        content: {
          type: 'resource',
          resource: expect.objectContaining({ uri: 'facts://handles' }),
        },
      });
      const { completion } = await client.complete({
        ref: { type: 'ref/prompt', name: 'explain_fact' },
        argument: { name: 'topic', value: 'ha' },
      });
      expect(completion.values).toEqual(['handles']);
    });

    it('sees a missing prompt argument and a missing resource as -32602 errors', async () => {
      await expect(
        client.getPrompt({ name: 'explain_fact', arguments: {} }),
      ).rejects.toThrow(/topic/);
      await expect(
        client.readResource({ uri: 'facts://nope' }),
      ).rejects.toMatchObject({ code: -32602 });
    });

    it('sees a tool failure as an isError result', async () => {
      const result = await client.callTool({ name: 'echo', arguments: {} });
      expect(result.isError).toBe(true);
    });
  });

  it('v1 client (2025-11-25) connects in lenient mode, calls echo, reads a resource and gets a prompt', async () => {
    const client = new V1Client({ name: 'interop-v1', version: '1.0.0' });
    const transport = new V1Transport(new URL(lenient.url));
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('stateless-mcp-nest');
      expect(transport.sessionId).toBeUndefined();
      const result = await client.callTool({
        name: 'echo',
        arguments: { message: 'from v1' },
      });
      expect(result.structuredContent).toEqual({
        message: 'from v1',
        instance_id: 'interop-1',
      });
      const { contents } = await client.readResource({ uri: 'facts://mcp' });
      expect(contents[0]).toMatchObject({
        uri: 'facts://mcp',
        text: expect.stringContaining('Model Context Protocol'),
      });
      const prompt = await client.getPrompt({
        name: 'check_load_distribution',
        arguments: { calls: '3' },
      });
      expect(prompt.messages[0].content).toMatchObject({
        type: 'text',
        text: expect.stringContaining('whoami tool 3 times'),
      });
    } finally {
      await client.close();
    }
  });

  it('v1 client is refused by a strict server with the supported versions', async () => {
    const client = new V1Client({ name: 'interop-v1', version: '1.0.0' });
    await expect(
      client.connect(new V1Transport(new URL(strict.url))),
    ).rejects.toThrow(/-32022|2026-07-28|Unsupported/);
  });
});
