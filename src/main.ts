// First: OpenTelemetry must be set up before Nest and everything it loads (src/telemetry/instrument.ts).
import './telemetry/instrument.js';
import { Logger } from '@nestjs/common';
import { startServer } from './bootstrap.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { JsonConsoleLogger } from './telemetry/json-console.logger.js';

const app = await startServer(process.env, { logger: new JsonConsoleLogger() });
GracefulShutdown.for(app, process.env).installSignalHandlers();
Logger.log(`MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Bootstrap');
