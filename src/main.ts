// First: OpenTelemetry must be set up before Nest and everything it loads (src/telemetry/instrument.ts).
import './telemetry/instrument.js';
import { Logger } from '@nestjs/common';
import { checkBootEnvironment } from './boot-environment.js';
import { startServer } from './bootstrap.js';
import { ConfigError } from './config/validate-env.js';
import { GracefulShutdown } from './index.js';
import { JsonConsoleLogger } from './telemetry/json-console.logger.js';

try {
  checkBootEnvironment(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // A person's mistake, not a crash: what each variable expects, no stack trace, exit 1.
  for (const problem of err.problems)
    process.stderr.write(`Invalid configuration: ${problem}\n`);
  process.exit(1);
}
const app = await startServer(process.env, { logger: new JsonConsoleLogger() });
GracefulShutdown.for(app, process.env).installSignalHandlers();
Logger.log(`MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Bootstrap');
