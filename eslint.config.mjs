// @ts-check
// Nest's default lint setup (the `nest new` TypeScript template): recommended JS and type-checked
// TypeScript rules, Prettier as the formatter of record.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, matchesGlob, relative } from 'node:path';
import tseslint from 'typescript-eslint';

/**
 * The server reaches the package (@stateless-mcp/nest, the MCP layer under src/) through its entry
 * points only, as a team's application does: `no-restricted-imports` is given, for each folder of
 * the server's files (scripts/server-files.json), every relative path from there into the package's
 * other files, with no exception: what the server's configuration needs before Nest starts comes
 * from the configuration entry (src/config/index.ts), which loads nothing of the MCP layer.
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
  return serverDirs.map((dir) => ({
    files: files.filter((f) => isServer(f) && dirname(f) === dir),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: internal.map((file) => {
            const path = relative(dir, file).replace(/\.ts$/, '.js');
            return {
              name: path.startsWith('.') ? path : `./${path}`,
              message: `The server uses the package through its entry (${layout.entries.join(', ')}) only: export what it needs there, or move the code to the server (scripts/server-files.json).`,
            };
          }),
        },
      ],
    },
  }));
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
  ...packageEntryOnly(),
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
