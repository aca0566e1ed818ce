// @ts-check
// Nest's default lint setup (the `nest new` TypeScript template): recommended JS and type-checked
// TypeScript rules, Prettier as the formatter of record.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, matchesGlob, relative } from 'node:path';
import tseslint from 'typescript-eslint';

const NO_FIXED_WAIT =
  'No fixed waits in tests: wait on the event (once(emitter, ...), a latch the fixture exposes, the ' +
  'response, a log line) or poll the condition with waitFor() from test/support/wait-for.ts; for ' +
  "time-based logic use Jest's fake timers or an injected clock.";

/** Imports that only serve fixed waits, refused in tests (see `tests/no-fixed-waits` below). */
const FIXED_WAIT_IMPORTS = ['node:timers/promises', 'timers/promises'].map(
  (name) => ({ name, message: NO_FIXED_WAIT }),
);

/**
 * The server reaches the package (@stateless-mcp/nest, the MCP layer under src/) through its entry
 * points only, as a team's application does: `no-restricted-imports` is given, for each folder of
 * the server's files (scripts/server-files.json), every relative path from there into the package's
 * other files, with no exception: what the server's configuration needs before Nest starts comes
 * from the configuration entry (src/config/index.ts), which loads nothing of the MCP layer. A later
 * `no-restricted-imports` would replace this one (flat config merges a rule's options by
 * replacing them), so the server's specs get the fixed-wait imports in the same list, and this
 * block comes after `tests/no-fixed-waits`.
 */
function packageEntryOnly() {
  const layout = JSON.parse(
    readFileSync(
      join(import.meta.dirname, 'scripts/server-files.json'),
      'utf8',
    ),
  );
  const isServer = (file) =>
    layout.files.some((glob) => matchesGlob(file, glob));
  const allowed = (file) => isServer(file) || layout.entries.includes(file);
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  const files = walk('src').map((f) => f.split('\\').join('/'));
  const internal = files.filter((f) => !allowed(f));
  const serverDirs = [
    ...new Set(files.filter(isServer).map((f) => dirname(f))),
  ];
  const isSpec = (file) => file.endsWith('.spec.ts');
  return serverDirs.flatMap((dir) => {
    const paths = internal.map((file) => {
      const path = relative(dir, file).replace(/\.ts$/, '.js');
      return {
        name: path.startsWith('.') ? path : `./${path}`,
        message: `The server uses the package through its entry (${layout.entries.join(', ')}) only: export what it needs there, or move the code to the server (scripts/server-files.json).`,
      };
    });
    const inDir = files.filter((f) => isServer(f) && dirname(f) === dir);
    return [
      { files: inDir.filter((f) => !isSpec(f)), extra: [] },
      { files: inDir.filter(isSpec), extra: FIXED_WAIT_IMPORTS },
    ]
      .filter((group) => group.files.length > 0)
      .map((group) => ({
        files: group.files,
        rules: {
          'no-restricted-imports': [
            'error',
            { paths: [...paths, ...group.extra] },
          ],
        },
      }));
  });
}

export default tseslint.config(
  {
    ignores: [
      'eslint.config.mjs',
      'dist/**',
      'dist-client/**',
      'dist-conformance/**',
      'examples/*/dist/**',
      'coverage/**',
      'loadtest/**',
      'scripts/**',
      'test/support/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'module',
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      // `_name` marks a parameter or element kept for its position (interfaces, tuples).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // Methods that implement a Promise-returning interface (stores, credentials, authenticators)
      // are `async` without awaiting anything; that is the point, not a slip.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON-RPC bodies off the wire as `any` on purpose: they assert on shapes the
    // server must produce, so typing every body first would only restate the assertions.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Tests wait for events, not for time: a fixed sleep passes on an idle machine and fails on a
    // busy one. test/support/wait-for.ts is the one place that may pause (between two checks of a
    // condition, under a deadline). The conformance fixtures are exempt: their pauses are the tool
    // behaviour the official suite asks for (progress and log notifications spread over a call).
    name: 'tests/no-fixed-waits',
    files: ['test/**/*.ts', '**/*.spec.ts'],
    ignores: ['test/support/wait-for.ts', 'test/conformance/fixtures/**'],
    rules: {
      'no-restricted-imports': ['error', ...FIXED_WAIT_IMPORTS],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.name='setTimeout'][arguments.1.type='Literal']",
          message: NO_FIXED_WAIT,
        },
        {
          // `new Promise((r) => setTimeout(r, ms))`: a sleep, whatever the delay.
          selector:
            "CallExpression[callee.name='setTimeout'][arguments.0.type='Identifier']",
          message: NO_FIXED_WAIT,
        },
        {
          selector:
            'CallExpression[callee.name=/^(sleep|delay)$/][arguments.length>0]',
          message: NO_FIXED_WAIT,
        },
      ],
    },
  },
  ...packageEntryOnly(),
);
