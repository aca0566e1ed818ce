import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const REPO_ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

/** Absolute path of a repository-relative path. */
export const repoPath = (...parts: string[]): string =>
  join(REPO_ROOT, ...parts);

/** Text of a repository file. */
export const readRepoFile = (...parts: string[]): string =>
  readFileSync(repoPath(...parts), 'utf8');

/** Repository-relative paths (POSIX separators) of the files under `dir` whose names end in `suffix`. */
export function listRepoFiles(dir: string, suffix = ''): string[] {
  const found: string[] = [];
  const walk = (absolute: string): void => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(suffix))
        found.push(relative(REPO_ROOT, path).split(sep).join('/'));
    }
  };
  walk(repoPath(dir));
  return found.sort();
}
