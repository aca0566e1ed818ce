/**
 * The shell snippets of the documentation (README.md, docs/*.md), as the docs test runs them.
 *
 * A ```bash or ```sh fence is run unless the HTML comment right before it (blank lines allowed)
 * says otherwise: `<!-- snippet: CLAUSE; CLAUSE -->`, where a clause is
 * - `server`: the fence starts the long-running server; the test starts it once, on a free port,
 *   runs the other fences against it, and stops it;
 * - `drop "COMMAND": REASON`: `COMMAND` is left out of the fence's `&&` chain (e.g. `npm ci`,
 *   which CI has already run); the reason is required;
 * - anything else: why the fence cannot run here (`needs azure`, `needs k6`, …); it is skipped.
 * So a new fence without a marker is always run.
 */

/** One fenced code block of a Markdown file. */
export interface Fence {
  /** Repository-relative path of the file. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word (`bash`, `ts`, …), lower case; empty when none. */
  readonly lang: string;
  readonly code: string;
  /** Text of the `<!-- snippet: … -->` comment right before the fence, if any. */
  readonly marker?: string;
}

/** What a fence's marker asks for. */
export interface SnippetPlan {
  /** Why the fence is not run here; undefined when it is run. */
  readonly skip?: string;
  /** The fence starts the server. */
  readonly server: boolean;
  /** Commands dropped from `&&` chains, with the reason for each. */
  readonly drops: readonly { command: string; reason: string }[];
}

const SHELL = new Set(['bash', 'sh', 'shell']);
const MARKER = /^<!--\s*snippet:\s*([\s\S]*?)\s*-->$/;
const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/** Every fenced code block of `markdown`, with the snippet marker right before it. */
export function extractFences(file: string, markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) continue;
    const [, , ticks, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j].trim();
      if (
        close.startsWith(ticks[0].repeat(ticks.length)) &&
        /^[`~]+$/.test(close)
      )
        break;
      body.push(lines[j]);
    }
    fences.push({
      file,
      line: i + 1,
      lang: info.toLowerCase(),
      code: body.join('\n'),
      marker: markerBefore(lines, i),
    });
    i = j;
  }
  return fences;
}

/** The shell fences: those the docs test runs or must account for. */
export const isShellFence = (fence: Fence): boolean => SHELL.has(fence.lang);

function markerBefore(lines: string[], fenceIndex: number): string | undefined {
  let k = fenceIndex - 1;
  while (k >= 0 && lines[k].trim() === '') k--;
  if (k < 0) return undefined;
  return MARKER.exec(lines[k].trim())?.[1];
}

/** Reads a marker; a fence without one is run as written. */
export function planSnippet(marker: string | undefined): SnippetPlan {
  if (marker === undefined) return { server: false, drops: [] };
  let server = false;
  const drops: { command: string; reason: string }[] = [];
  const other: string[] = [];
  for (const clause of marker.split(';').map((c) => c.trim())) {
    const drop = /^drop\s+"([^"]+)":\s*(\S.*)$/.exec(clause);
    if (clause === 'server') server = true;
    else if (drop) drops.push({ command: drop[1], reason: drop[2] });
    else if (/^drop\b/.test(clause))
      throw new Error(`snippet marker "${clause}": use drop "COMMAND": REASON`);
    else if (clause) other.push(clause);
  }
  const skip = other.length > 0 ? other.join('; ') : undefined;
  if (skip !== undefined && (server || drops.length > 0))
    throw new Error(`snippet marker "${marker}" both skips and runs the fence`);
  return { skip, server, drops };
}

/**
 * Leaves `command` out of the `&&` chains of `code` (`npm ci && npm run build` → `npm run build`).
 * @throws Error when `command` is not a whole link of a chain: a stale marker must not pass silently.
 */
export function dropCommand(code: string, command: string): string {
  const escaped = command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const link = new RegExp(`(^|&&)[ \\t]*${escaped}[ \\t]*(&&[ \\t]*|$)`, 'gm');
  let found = false;
  const out = code.replace(link, (_m, before: string, after: string) => {
    found = true;
    return before && after ? '&& ' : '';
  });
  if (!found)
    throw new Error(
      `"${command}" is not a command of this snippet's && chains`,
    );
  return out;
}

/** The address the docs use for a local server: `http://localhost:8000`, with or without scheme. */
const LOCAL_SERVER =
  /(https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0):8000\b/g;

/** Whether a snippet talks to the local server the docs start. */
export const usesLocalServer = (code: string): boolean =>
  new RegExp(LOCAL_SERVER.source).test(code);

/** Points the local server's host and port at the one the test started; nothing else changes. */
export const rewriteLocalServer = (code: string, port: number): string =>
  code.replace(
    LOCAL_SERVER,
    (_m, scheme: string | undefined) => `${scheme ?? ''}127.0.0.1:${port}`,
  );
