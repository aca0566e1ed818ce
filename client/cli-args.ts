/** What the CLI was asked to do. */
export interface CliArgs {
  url: string;
  json: boolean;
  help: boolean;
  timeoutMs: number;
  headers: Record<string, string>;
  /** `--task LIMIT`: run compute_primes with this limit as a task instead of the demo. */
  task?: number;
}

/** Where the demo goes when no URL is given: the local server of `npm start`. */
export const DEFAULT_URL = 'http://localhost:8000/mcp';

/** Usage text for `--help` and bad arguments. */
export const USAGE = `Usage: npm run client -- [URL] [--json] [--timeout MS] [--header 'Name: value']... [--task LIMIT]

Runs the demo against an MCP 2026-07-28 endpoint (default ${DEFAULT_URL}; a site's base URL,
such as https://<app>.azurewebsites.net, means its /mcp):
server/discover, tools/list, whoami ×5, a tally chain of 5, a wrong Mcp-Name (-32020), and
compute_primes as a task when the server offers the tasks extension.
  --json          one JSON document on stdout instead of the readable report
  --timeout MS    per-request timeout (default 30000)
  --header H      extra header on every request, e.g. 'Authorization: Bearer …'
  --task LIMIT    instead of the demo, count the primes <= LIMIT as a task (tasks extension):
                  prints every poll with the instance that answered, then the count;
                  Ctrl-C cancels the task (tasks/cancel) before exiting
Exit status: 0 when every check passed (--task: the count arrived), 1 on any unexpected result,
2 on bad arguments, 130 when --task was interrupted.`;

/** Parses `argv` (without node and the script); throws an Error with a message for bad input. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    url: DEFAULT_URL,
    json: false,
    help: false,
    timeoutMs: 30_000,
    headers: {},
  };
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--timeout')
      args.timeoutMs = positiveInt('--timeout', argv[++i]);
    else if (arg === '--task') args.task = positiveInt('--task', argv[++i]);
    else if (arg === '--header') {
      const [name, ...rest] = (argv[++i] ?? '').split(':');
      if (!name?.trim() || rest.length === 0)
        throw new Error(`--header needs 'Name: value'`);
      args.headers[name.trim()] = rest.join(':').trim();
    } else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}`);
    else if (url === undefined) url = arg;
    else throw new Error(`Unexpected argument ${arg}`);
  }
  if (url !== undefined) {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
      throw new Error(`Not an http(s) URL: ${url}`);
    args.url = url;
  }
  return args;
}

/** A positive integer, in decimal or exponent form (`1e9`), no larger than 2^53 - 1. */
function positiveInt(option: string, value: string | undefined): number {
  const n = value?.trim() ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${option} needs a positive integer, got ${value}`);
  return n;
}
