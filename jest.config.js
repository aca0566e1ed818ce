// Jest 30 in ESM mode: NestJS 12 is ESM-only, so specs run under
// `node --experimental-vm-modules` with ts-jest's ESM transform (see ARCHITECTURE.md).
const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testEnvironment: 'node',
};

export default {
  // Global, not per project: Jest reads testTimeout from the top level only. E2E suites boot servers.
  testTimeout: 60000,
  // Tests that need a missing system tool skip with one line each (test/support/system-tools.ts);
  // this pair collects those lines into one summary after the run.
  globalSetup: '<rootDir>/test/support/skipped-tools.setup.mjs',
  reporters: ['default', '<rootDir>/test/support/skipped-tools.reporter.mjs'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: '.',
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/client/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
