// Child process of the fuzz and memory tests: boots the built server like `node dist/main.js`
// does, and answers `memory` over IPC with process.memoryUsage() taken after a full GC.
import { Logger } from '@nestjs/common';
import { startServer } from '../../dist/bootstrap.js';
import { GracefulShutdown } from '../../dist/lifecycle/graceful-shutdown.js';

const app = await startServer(process.env);
GracefulShutdown.for(app, process.env).installSignalHandlers();
Logger.log(`MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Harness');
process.on('message', (message) => {
  if (message !== 'memory') return;
  globalThis.gc?.();
  process.send({ memory: process.memoryUsage() });
});
process.on('disconnect', () => process.exit(0));
