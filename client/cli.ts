#!/usr/bin/env node
import { parseCliArgs, USAGE, type CliArgs } from './cli-args.js';
import { formatReport } from './demo-report.printer.js';
import { runDemo } from './demo.runner.js';
import { McpClient } from './mcp.client.js';
import { formatTaskRun, taskExitCode } from './task-run.printer.js';
import { runPrimeTask } from './task.runner.js';

/**
 * `npm run client -- [URL] [--json] [--task LIMIT]`: the demo, readable or as JSON (exit 0 only
 * when all checks pass), or one prime count run as a task.
 */
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
  if (args.task !== undefined) return runTask(client, args.task, args.json);
  const report = await runDemo(client);
  process.stdout.write(
    args.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`,
  );
  return report.ok ? 0 : 1;
}

/**
 * `--task LIMIT`: compute_primes as a task, printing each poll as it happens. The first Ctrl-C
 * cancels the task (`tasks/cancel`) and exits once the server acknowledged; a second one exits at once.
 */
async function runTask(
  client: McpClient,
  limit: number,
  json: boolean,
): Promise<number> {
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(
      '\ncancelling the task (Ctrl-C again to quit at once)\n',
    );
    interrupt.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  if (!json)
    process.stdout.write(
      `compute_primes ${JSON.stringify({ limit })} as a task → ${client.url}\n`,
    );
  let printed = 0;
  const report = await runPrimeTask(client, limit, {
    signal: interrupt.signal,
    onStep: (step) => {
      if (json) return;
      const lines = formatTaskRun(step);
      for (const line of lines.slice(printed))
        process.stdout.write(`${line}\n`);
      printed = lines.length;
    },
  });
  process.off('SIGINT', onSigint);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  return taskExitCode(report);
}

process.exitCode = await main(process.argv.slice(2));
