#!/usr/bin/env node
import { parseCliArgs, USAGE, type CliArgs } from './cli-args.js';
import { formatReport } from './demo-report.printer.js';
import { runDemo } from './demo.runner.js';
import { McpClient } from './mcp.client.js';

/** `npm run client -- [URL] [--json]`: the demo, readable or as JSON; exit 0 only when all checks pass. */
async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const client = new McpClient(args.url, {
    timeoutMs: args.timeoutMs,
    headers: args.headers,
  });
  const report = await runDemo(client);
  process.stdout.write(
    args.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`,
  );
  return report.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
