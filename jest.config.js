/**
 * Two projects: `unit` (pure specs beside the code, no database) and `e2e`
 * (test/, against a real PostgreSQL started once by test/global-setup.ts, or
 * the one DATABASE_URL names). `npm test` runs both.
 */
const transform = { '^.+\\.ts$': ['@swc/jest'] };

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/src', '<rootDir>/workflows'],
      testRegex: '.*\\.spec\\.ts$',
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.e2e-spec\\.ts$',
      transform,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
