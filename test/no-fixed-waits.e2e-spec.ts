import { describe, expect, it } from '@jest/globals';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The lint rule that keeps fixed waits out of the tests (eslint.config.mjs, `tests/no-fixed-waits`):
// it must catch the usual ways of sleeping, and leave alone what the tests do instead.
// A variable specifier: the config is plain JavaScript, loaded as it is.
const CONFIG: string = '../eslint.config.mjs';

async function guard(): Promise<Linter.Config> {
  const { default: config } = (await import(CONFIG)) as {
    default: Linter.Config[];
  };
  const block = config.find((c) => c.name === 'tests/no-fixed-waits');
  if (!block) throw new Error('eslint.config.mjs has no tests/no-fixed-waits');
  return block;
}

/** The guard's complaints about `code` in a file at `path`: the rule ids. */
async function complaints(code: string, path: string): Promise<string[]> {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(
      code,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        await guard(),
      ],
      path,
    )
    .map((m) => m.ruleId ?? m.message);
}

const SPEC = 'test/some.e2e-spec.ts';

describe('the lint guard against fixed waits in tests', () => {
  it.each([
    [
      'importing timers/promises',
      "import { setTimeout as sleep } from 'node:timers/promises';",
      'no-restricted-imports',
    ],
    [
      'the same without the node: scheme',
      "import { setTimeout } from 'timers/promises';",
      'no-restricted-imports',
    ],
    [
      'a promise resolved by a timer',
      'await new Promise((r) => setTimeout(r, delayMs));',
      'no-restricted-syntax',
    ],
    [
      'a callback after a fixed delay',
      'setTimeout(() => process.kill(pid), 1000);',
      'no-restricted-syntax',
    ],
    ['a sleep helper', 'await sleep(200);', 'no-restricted-syntax'],
    ['a delay helper', 'await delay(LEASE_MS + 150);', 'no-restricted-syntax'],
  ])('refuses %s', async (_what, code, rule) => {
    expect(await complaints(code, SPEC)).toEqual([rule]);
  });

  it('applies to unit specs beside the code too', async () => {
    expect(
      await complaints('await sleep(10);', 'src/tasks/task-run.spec.ts'),
    ).toEqual(['no-restricted-syntax']);
  });

  it.each([
    ['polling a condition', "await waitFor(() => done, { what: 'done' });"],
    ['an event', "await once(child, 'exit');"],
    [
      'a deadline that is a named bound',
      'const timer = setTimeout(() => reject(new Error()), timeoutMs);',
    ],
    ['fake timers', 'await jest.advanceTimersByTimeAsync(500);'],
    [
      'a turn of the event loop',
      'setImmediate(() => controller.abort(reason));',
    ],
  ])('allows %s', async (_what, code) => {
    expect(await complaints(code, SPEC)).toEqual([]);
  });

  it('leaves product code, the polling helper and the conformance fixtures alone', async () => {
    const sleep =
      "import { setTimeout as sleep } from 'node:timers/promises';\nawait sleep(50);";
    for (const path of [
      'src/tasks/task.runner.ts',
      'client/task.api.ts',
      'test/support/wait-for.ts',
      'test/conformance/fixtures/content-tools.fixtures.ts',
    ])
      expect([path, await complaints(sleep, path)]).toEqual([path, []]);
  });
});
