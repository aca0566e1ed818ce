// @ts-check
// Nest's default lint setup (the `nest new` TypeScript template): recommended JS and type-checked
// TypeScript rules, Prettier as the formatter of record.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_FIXED_WAIT =
  'No fixed waits in tests: wait on the event (once(emitter, ...), a latch the fixture exposes, the ' +
  'response, a log line) or poll the condition with waitFor() from test/support/wait-for.ts; for ' +
  "time-based logic use Jest's fake timers or an injected clock.";

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
      'no-restricted-imports': [
        'error',
        ...['node:timers/promises', 'timers/promises'].map((name) => ({
          name,
          message: NO_FIXED_WAIT,
        })),
      ],
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
);
