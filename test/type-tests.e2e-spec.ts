import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compareTypeTests,
  compileTypeTests,
  expectedErrors,
} from './support/type-tests.js';

// The type tests of test/types: each mistake a tool author can make is marked
// `// @ts-expect-error TS<code> — why` beside a control that compiles. `npm run typecheck` compiles
// them as written; this suite compiles them with the directives disabled and checks that each
// marked line fails with the code it names — not merely with some error — and nothing else fails.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = readdirSync(join(ROOT, 'test/types'))
  .filter((f) => f.endsWith('.type-test.ts'))
  .sort()
  .map((f) => `test/types/${f}`);
const SOURCES = new Map(
  FILES.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]),
);

describe('type tests (test/types): each mistake fails to compile with the diagnostic it names', () => {
  const found = compileTypeTests(ROOT, SOURCES);

  it('finds the type test files', () => {
    expect(FILES).toEqual(
      expect.arrayContaining([
        'test/types/tool-fn.type-test.ts',
        'test/types/tool-method.type-test.ts',
        'test/types/tool-options.type-test.ts',
        'test/types/tool-result.type-test.ts',
      ]),
    );
  });

  describe.each(FILES)('%s', (file) => {
    const expected = expectedErrors(file, SOURCES.get(file)!);

    it('names a TS code in every @ts-expect-error', () => {
      expect(expected.length).toBeGreaterThan(0);
      expect(
        expected.filter((e) => e.code === undefined).map((e) => e.line),
      ).toEqual([]);
    });

    it('fails on each marked line with exactly the named code, and nowhere else', () => {
      expect(
        compareTypeTests(
          expected,
          found.filter((e) => e.file === file),
        ),
      ).toEqual({ unexpected: [], missing: [] });
    });
  });
});

describe('the type test harness (so the check above can fail)', () => {
  const file = 'test/types/harness.type-test.ts';
  const compile = (directive: string) => {
    const text = [
      `// ${directive} — a string is not a number`,
      "export const n: number = 'one';",
      'export const ok: number = 1;',
    ].join('\n');
    return compareTypeTests(
      expectedErrors(file, text),
      compileTypeTests(ROOT, new Map([[file, text]])),
    );
  };

  it('accepts a directive that names the code the line fails with', () => {
    expect(compile('@ts-expect-error TS2322')).toEqual({
      unexpected: [],
      missing: [],
    });
  });

  it('refuses a directive that names another code: the error is reported, not hidden', () => {
    expect(compile('@ts-expect-error TS2345')).toEqual({
      unexpected: [
        expect.stringMatching(
          /^test\/types\/harness\.type-test\.ts:2 TS2322: Type 'string' is not assignable/,
        ),
      ],
      missing: ['test/types/harness.type-test.ts:2 TS2345'],
    });
  });

  it('reads every code a directive names, one expectation each', () => {
    expect(
      expectedErrors(file, '// @ts-expect-error TS1240 TS1271 — two\nx;'),
    ).toEqual([
      { file, line: 2, code: 1240 },
      { file, line: 2, code: 1271 },
    ]);
    expect(expectedErrors(file, '// @ts-expect-error — none\nx;')).toEqual([
      { file, line: 2 },
    ]);
  });

  it('refuses a directive over a line that compiles', () => {
    const text = '// @ts-expect-error TS2322 — wrongly\nexport const m = 1;';
    expect(
      compareTypeTests(
        expectedErrors(file, text),
        compileTypeTests(ROOT, new Map([[file, text]])),
      ),
    ).toEqual({ unexpected: [], missing: [`${file}:2 TS2322`] });
  });
});
