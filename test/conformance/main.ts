// Entry point of the conformance server: the real application plus the fixtures the official
// suite calls by name, in strict header mode (2026-07-28 only, every header required).
// `npm run start:conformance` (PORT, default 8000).
import { Logger } from '@nestjs/common';
import { startServer } from '../../src/bootstrap.js';
import { GracefulShutdown } from '../../src/index.js';
import { shutdownConfig } from '../../src/server-config.slices.js';
import { ConformanceFixturesModule } from './conformance-fixtures.module.js';

const app = await startServer(
  { ...process.env, MCP_STRICT_HEADERS: process.env.MCP_STRICT_HEADERS ?? '1' },
  { imports: [ConformanceFixturesModule] },
);
// Shuts down like the shipped server (SIGTERM: running tasks fail before exit), for tests of it.
new GracefulShutdown(
  app,
  shutdownConfig(process.env).options,
).installSignalHandlers();
Logger.log(
  `Conformance fixture server on ${await app.getUrl()}/mcp`,
  'Conformance',
);
