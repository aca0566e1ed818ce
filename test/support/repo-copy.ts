import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away copy of the repository's files, sharing its installed `node_modules`. */
export interface RepoCopy {
  readonly dir: string;
  remove(): void;
}

/**
 * Copies the files git knows (tracked, and untracked ones that are not ignored) to a temporary
 * directory, so commands that build or write (`npm run build`, `npm run client`) never touch the
 * `dist/` other tests run. `node_modules` is a link to the repository's own.
 */
export function copyRepo(root: string): RepoCopy {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8' },
  );
  const dir = mkdtempSync(join(tmpdir(), 'docs-snippets-'));
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    const from = join(root, file);
    if (file === 'node_modules' || !existsSync(from)) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
  }
  symlinkSync(
    realpathSync(join(root, 'node_modules')),
    join(dir, 'node_modules'),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
