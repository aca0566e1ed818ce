import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A relative link of a Markdown file, and why it does not resolve (if it does not). */
export interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

/**
 * GitHub's anchor for a heading (github-slugger): lower case, punctuation dropped, spaces to
 * hyphens, after inline code, emphasis and link markup are reduced to their text.
 */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings, numbered like GitHub's when repeated. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line ?? '');
    if (!heading) continue;
    const base = headingSlug(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The lines of `markdown`, with those inside fenced code blocks blanked (index = line - 1). */
function withoutFences(markdown: string): (string | undefined)[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const ticks = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && ticks) {
      fence = ticks;
      return undefined;
    }
    if (fence !== undefined) {
      if (ticks && ticks[0] === fence[0] && ticks.length >= fence.length)
        fence = undefined;
      return undefined;
    }
    return line;
  });
}

/** Relative link targets of `markdown` (no scheme, no protocol-relative URL), with their lines. */
export function relativeLinks(
  markdown: string,
): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  withoutFences(markdown).forEach((line, index) => {
    if (line === undefined) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(
      /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    )) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//'))
        continue;
      links.push({ line: index + 1, target });
    }
  });
  return links;
}

/**
 * Checks every relative link of the Markdown file `file` (relative to `root`): the path exists
 * and, for a link into a Markdown file with `#anchor`, one of its headings has that anchor.
 */
export function brokenLinks(root: string, file: string): BrokenLink[] {
  const absolute = join(root, file);
  const markdown = readFileSync(absolute, 'utf8');
  const broken: BrokenLink[] = [];
  for (const { line, target } of relativeLinks(markdown)) {
    const [path, anchor] = splitAnchor(target);
    const resolved = path ? join(dirname(absolute), decodeURI(path)) : absolute;
    const report = (problem: string) =>
      broken.push({ file, line, target, problem });
    if (relative(root, resolved).startsWith('..')) {
      report('points outside the repository');
      continue;
    }
    if (!existsSync(resolved)) {
      report(`${relative(root, resolved)} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!resolved.endsWith('.md') || statSync(resolved).isDirectory()) {
      report('has an anchor into a file that is not Markdown');
      continue;
    }
    const anchors = headingAnchors(readFileSync(resolved, 'utf8'));
    if (!anchors.has(decodeURIComponent(anchor)))
      report(
        `no heading in ${relative(root, resolved)} has the anchor #${anchor}`,
      );
  }
  return broken;
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  return hash < 0
    ? [target, undefined]
    : [target.slice(0, hash), target.slice(hash + 1)];
}
