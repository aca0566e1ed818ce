// Order matters. First the configuration: ConfigModule adds `.env` to the process environment and
// checks every variable at once, loading neither Nest's core, Express, ioredis nor OpenTelemetry
// (test/server-config.e2e-spec.ts pins it). Then OpenTelemetry, which reads its settings from the
// process environment and must start before what it instruments (src/telemetry/instrument.ts).
// Then the server.
import { Logger } from '@nestjs/common';
import { ConfigError } from './config/index.js';
import { ServerConfiguration } from './server-configuration.js';

let config: ServerConfiguration;
try {
  config = await ServerConfiguration.load();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // A person's mistake, not a crash: what each variable expects, no stack trace, exit 1.
  for (const problem of err.problems)
    process.stderr.write(`Invalid configuration: ${problem}\n`);
  process.exit(1);
}
await import('./telemetry/instrument.js');
const { startServer } = await import('./bootstrap.js');
const { GracefulShutdown } = await import('./index.js');
const { JsonConsoleLogger } =
  await import('./telemetry/json-console.logger.js');

const app = await startServer(config, { logger: new JsonConsoleLogger() });
new GracefulShutdown(app, config.shutdown.options).installSignalHandlers();
Logger.log(`MCP endpoint listening on ${await app.getUrl()}/mcp`, 'Bootstrap');
