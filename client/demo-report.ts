import type { TaskRunReport } from './task-run.js';

/** What the demo saw at `server/discover`. */
export interface DiscoverSummary {
  server?: { name: string; version: string };
  supportedVersions: string[];
  capabilities: string[];
  /** Keys of `capabilities.extensions` (e.g. the tasks extension). */
  extensions?: string[];
  ttlMs: number;
  cacheScope: string;
}

/** What the demo saw at `tools/list`. */
export interface ToolsSummary {
  names: string[];
  ttlMs: number;
  cacheScope: string;
  /** Whether an immediate second `tools/list` was answered from the client's cache. */
  secondListFromCache: boolean;
}

/** One `whoami` call. */
export interface WhoamiCall {
  call: number;
  instance_id: string;
  slot_name?: string;
  traceparent?: string;
}

/** One link of the tally chain. */
export interface TallyCall {
  call: number;
  add: number;
  total: number;
  expected: number;
  calls?: number;
  instance_id: string;
}

/** The deliberately wrong `Mcp-Name` request. */
export interface MismatchOutcome {
  code?: number;
  httpStatus?: number;
  message: string;
}

/** The demo's findings: the CLI prints it, or emits it as JSON with `--json`. */
export interface DemoReport {
  url: string;
  protocolVersion: string;
  /** True when every check passed. */
  ok: boolean;
  discover?: DiscoverSummary;
  tools?: ToolsSummary;
  whoami: WhoamiCall[];
  tally: TallyCall[];
  headerMismatch?: MismatchOutcome;
  /** compute_primes run as a task; only when the server offers the tasks extension. */
  task?: TaskRunReport;
  /** Calls per serving instance (whoami and tally). */
  instances: Record<string, number>;
  /** One line per unexpected result; empty when `ok`. */
  failures: string[];
}
