import { resolve } from 'node:path';
import ts from 'typescript';

/**
 * Type tests: TypeScript files whose mistakes are marked `// @ts-expect-error TS<code> — why`, each
 * beside a control that compiles. `npm run typecheck` compiles them as written (a directive whose
 * line compiles is itself an error, TS2578); `compileTypeTests` compiles them with the directives
 * disabled, so a test can check that each marked line fails with exactly the code it names, and
 * nothing else fails.
 */

/** One `@ts-expect-error` directive: the line it covers and the diagnostic code it names. */
export interface ExpectedError {
  readonly file: string;
  /** 1-based line the directive applies to (the one after the comment). */
  readonly line: number;
  /** The code named, e.g. 1238 for `TS1238`; undefined when the directive names none. */
  readonly code?: number;
}

/** One diagnostic of a type test file, where it starts. */
export interface FoundError {
  readonly file: string;
  readonly line: number;
  readonly code: number;
  readonly message: string;
}

const DIRECTIVE = /\/\/\s*@ts-expect-error\b((?:[\s,]+TS\d+\b)*)/;

/**
 * The directives of `text`, in order: one entry per code named (`TS1240 TS1271` when a line fails
 * with two), one without a code when the directive names none.
 */
export function expectedErrors(file: string, text: string): ExpectedError[] {
  return text.split('\n').flatMap((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return [];
    const codes = [...m[1].matchAll(/TS(\d+)/g)].map((c) => Number(c[1]));
    return codes.length === 0
      ? [{ file, line: i + 2 }]
      : codes.map((code) => ({ file, line: i + 2, code }));
  });
}

/**
 * Compiles `sources` (repository-relative path → text) with the repository's tsconfig.json, each
 * `@ts-expect-error` turned into a plain comment of the same length (lines and columns unchanged),
 * and returns every diagnostic in them.
 */
export function compileTypeTests(
  root: string,
  sources: ReadonlyMap<string, string>,
): FoundError[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const options = { ...config.options, noEmit: true };
  const byPath = new Map(
    [...sources].map(([file, text]) => [
      resolve(root, file),
      {
        file,
        text: text.replaceAll('@ts-expect-error', '@ts-expect-mistake'),
      },
    ]),
  );
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => byPath.has(resolve(name)) || fileExists(name);
  host.getSourceFile = (name, language, ...rest) => {
    const source = byPath.get(resolve(name));
    return source === undefined
      ? getSourceFile(name, language, ...rest)
      : ts.createSourceFile(name, source.text, language);
  };
  const program = ts.createProgram([...byPath.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    const source = d.file && byPath.get(resolve(d.file.fileName));
    if (!source) return [];
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    return [
      {
        file: source.file,
        line: line + 1,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      },
    ];
  });
}

/** The type test files' diagnostics measured against their directives. */
export function compareTypeTests(
  expected: readonly ExpectedError[],
  found: readonly FoundError[],
): { unexpected: string[]; missing: string[] } {
  const key = (e: { file: string; line: number; code?: number }) =>
    `${e.file}:${e.line} TS${e.code}`;
  return {
    unexpected: found
      .filter(
        (e) =>
          !expected.some(
            (x) => x.file === e.file && x.line === e.line && x.code === e.code,
          ),
      )
      .map((e) => `${key(e)}: ${e.message.split('\n')[0]}`),
    missing: expected
      .filter(
        (x) =>
          !found.some(
            (e) => x.file === e.file && e.line === x.line && e.code === x.code,
          ),
      )
      .map(key),
  };
}
