import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from './repo-files.js';

/** Outcome of running a script. */
export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// CI markers of the machine running the tests must not leak into the scripts under test.
const SCRUBBED = [
  'CI',
  'GITHUB_ACTIONS',
  'TF_BUILD',
  'HANDLE_SIGNING_KEYS',
  'AZURE_ENV_NAME',
  'AZURE_SUBSCRIPTION_ID',
];

/**
 * A directory of stand-in commands (`az`, `azd`, `curl`, `npm`, ...) put first on PATH, so the
 * release and hook scripts run for real while every call to the outside world is recorded in a
 * log (`<command> <args...>` per line) and answered by the stand-in.
 */
export class FakeCommands {
  readonly dir = mkdtempSync(join(tmpdir(), 'infra-fakes-'));
  readonly log = join(this.dir, 'calls.log');

  /** Adds a stand-in: a POSIX sh body that sees its arguments as "$@" and `$FAKE_LOG`. */
  add(name: string, body: string): this {
    const path = join(this.dir, name);
    writeFileSync(
      path,
      `#!/bin/sh\necho "${name} $*" >> "$FAKE_LOG"\n${body}\n`,
    );
    chmodSync(path, 0o755);
    return this;
  }

  /** Makes only the listed real commands visible (with `isolate`), for scripts that must not see others. */
  link(...commands: string[]): this {
    for (const command of commands) {
      const real = (process.env.PATH ?? '')
        .split(delimiter)
        .map((d) => join(d, command))
        .find((p) => existsSync(p));
      if (real) symlinkSync(real, join(this.dir, command));
    }
    return this;
  }

  /** Runs a repository script; `isolate` hides every real command that was not linked. */
  run(
    script: string,
    args: string[] = [],
    env: Record<string, string> = {},
    isolate = false,
  ): ScriptRun {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !SCRUBBED.includes(k)),
    );
    const path = isolate
      ? this.dir
      : `${this.dir}${delimiter}${process.env.PATH ?? ''}`;
    const result = spawnSync(join(REPO_ROOT, script), args, {
      cwd: REPO_ROOT,
      env: { ...base, ...env, PATH: path, FAKE_LOG: this.log },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  }

  /** The recorded calls, in order. */
  calls(): string[] {
    return existsSync(this.log)
      ? readFileSync(this.log, 'utf8').trim().split('\n').filter(Boolean)
      : [];
  }

  /** Removes the directory. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
