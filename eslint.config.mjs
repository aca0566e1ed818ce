// @ts-check
// Nest's default lint setup (the `nest new` TypeScript template): recommended JS and type-checked
// TypeScript rules, Prettier as the formatter of record.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
);
