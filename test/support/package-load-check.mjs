// Boots McpModule.forRoot() from the built package (packages/nest/dist, through the workspace link
// @stateless-mcp/nest), calls one tool over real HTTP, closes, and prints one JSON line: the tool's
// answer and every module URL Node resolved meanwhile (an in-thread resolve hook, node:module
// registerHooks). test/package.e2e-spec.ts reads it to check which optional peers got loaded.
// Environment: LOAD_CHECK_ENV (JSON, the MCP settings as variables, read with the ./config entry's
// mcpOptionsFromEnv), LOAD_CHECK_OTEL=1 (also import the ./opentelemetry entry and
// McpOpenTelemetryModule).
import { registerHooks } from 'node:module';

const urls = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    urls.add(resolved.url);
    return resolved;
  },
});

await import('reflect-metadata');
const { Injectable, Module } = await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
const { McpModule, McpTool } = await import('@stateless-mcp/nest');
const { mcpOptionsFromEnv } = await import('@stateless-mcp/nest/config');
const telemetry =
  process.env.LOAD_CHECK_OTEL === '1'
    ? [
        (await import('@stateless-mcp/nest/opentelemetry'))
          .McpOpenTelemetryModule,
      ]
    : [];

class EchoTool {
  execute({ text }) {
    return { said: text };
  }
}
McpTool({
  name: 'echo',
  description: 'Echoes text.',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
})(EchoTool);
Injectable()(EchoTool);

class AppModule {}
Module({
  imports: [
    McpModule.forRoot(
      mcpOptionsFromEnv(JSON.parse(process.env.LOAD_CHECK_ENV ?? '{}')),
    ),
    ...telemetry,
  ],
  providers: [EchoTool],
})(AppModule);

const app = await NestFactory.create(AppModule, { logger: false });
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address();
const meta = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};
const res = await fetch(`http://127.0.0.1:${port}/mcp`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': 'echo',
  },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'echo', arguments: { text: 'hi' }, _meta: meta },
  }),
});
const answer = await res.json();
await app.close();
process.stdout.write(`${JSON.stringify({ answer, urls: [...urls] })}\n`);
