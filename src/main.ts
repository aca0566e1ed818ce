import { Logger } from '@nestjs/common';
import { startServer } from './bootstrap.js';

const app = await startServer(process.env);
Logger.log(`MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Bootstrap');
