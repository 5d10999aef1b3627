/**
 * Unit specs live next to the code (src/, projections/); end-to-end and contract suites in test/.
 * No test runs on Jest's 5 s default, which a busy machine (a laptop building, a shared CI runner) overruns:
 * a step that starts the app, a process or a browser sets its own timeout; the rest have this floor (Jest
 * applies it to every project: a project's own testTimeout is not read).
 */
const tsJest = ['ts-jest', {}];

module.exports = {
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/web/src'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts', '**/*.contract-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      // The whole suite logs at debug into one file, scanned for CPR numbers at the end.
      globalSetup: '<rootDir>/test/support/debug-logs.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/debug-logs.global-teardown.ts',
    },
  ],
};
