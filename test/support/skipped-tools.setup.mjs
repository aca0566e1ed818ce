// Jest globalSetup: a fresh file where test files record the groups they skip for a missing
// system tool (test/support/system-tools.ts); the reporter beside it prints them at the end.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'jest-skips-')), 'skips.jsonl');
  writeFileSync(file, '');
  // Set before any test worker starts, so every worker (and the reporter) sees it.
  process.env.JEST_SKIPPED_TOOLS_FILE = file;
}
