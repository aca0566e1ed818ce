// Child process of the fuzz suite: boots the built server as `node dist/main.js` does, and
// answers `memory` over IPC with process.memoryUsage() taken after a full GC.
import { startServer } from '../../dist/bootstrap.js';
import { GracefulShutdown } from '../../dist/index.js';
import { shutdownConfig } from '../../dist/server-config.slices.js';

const app = await startServer(process.env, { logger: ['error', 'warn'] });
new GracefulShutdown(
  app,
  shutdownConfig(process.env).options,
).installSignalHandlers();
process.on('message', (message) => {
  if (message !== 'memory') return;
  globalThis.gc?.();
  process.send({ memory: process.memoryUsage() });
});
process.on('disconnect', () => process.exit(0));
