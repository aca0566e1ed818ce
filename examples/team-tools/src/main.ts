import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GracefulShutdown, McpHttpAdapter } from '@stateless-mcp/nest';
import { ApiKeyConfigError, ApiKeyTable } from './api-key.table.js';
import { AppModule } from './app.module.js';

// The callers come first: without them the server would refuse every request, so it refuses to
// start instead, with one line that names the setting (and never echoes a key).
let keys: ApiKeyTable;
try {
  keys = ApiKeyTable.parse(process.env.TEAM_API_KEYS);
} catch (err) {
  if (!(err instanceof ApiKeyConfigError)) throw err;
  console.error(`team-tools: ${err.message}`);
  process.exit(1);
}

// The package's HTTP adapter: /mcp served ahead of Express, with the server's header size and
// timeout limits and a drain on shutdown. GracefulShutdown answers SIGTERM: not ready, drain, wait
// for the requests in flight, close (defaults: 2 s of drain, 10 s in all).
const app = await NestFactory.create(
  AppModule.forRoot(keys),
  new McpHttpAdapter(),
);
new GracefulShutdown(app).installSignalHandlers();
const port = Number(process.env.PORT ?? 8100);
await app.listen(port, process.env.HOST ?? '0.0.0.0');
console.log(`team-tools MCP endpoint: http://localhost:${port}/mcp`);
