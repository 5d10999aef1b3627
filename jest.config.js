/** Unit specs live next to the code (src/, projections/); end-to-end and contract suites in test/. */
const tsJest = ['ts-jest', {}];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/projections'],
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
