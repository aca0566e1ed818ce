// Jest reporter: after the run, one summary of the tests skipped for a missing system tool and
// the commands that install them (recorded by test/support/system-tools.ts).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export default class SkippedToolsReporter {
  onRunComplete() {
    const file = process.env.JEST_SKIPPED_TOOLS_FILE;
    if (!file || !existsSync(file)) return;
    const records = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    rmSync(dirname(file), { recursive: true, force: true });
    if (records.length === 0) return;
    const packages = [...new Set(records.flatMap((r) => r.packages))];
    const lines = [
      '',
      `Skipped for a missing system tool (${records.length} group(s); CI=true makes these fail instead):`,
      ...records.map((r) => `  - ${r.what} (needs ${r.tools.join(', ')})`),
      `Install them and run again: apt-get install -y ${packages.join(' ')}`,
      '',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}
