import { Logger } from '@nestjs/common';
import { startServer } from './bootstrap.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.js';

const app = await startServer(process.env);
GracefulShutdown.for(app, process.env).installSignalHandlers();
Logger.log(`MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Bootstrap');
