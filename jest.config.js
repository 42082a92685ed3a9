/**
 * Two projects: `unit` (pure specs beside the code, no database) and `e2e`
 * (test/, against a real PostgreSQL started once by test/global-setup.ts, or
 * the one DATABASE_URL names). `npm test` runs both.
 */
const transform = { '^.+\\.(ts|js|mjs)$': ['@swc/jest'] };
/**
 * NestJS 12 ships as ES modules only. The service itself (CommonJS) loads them
 * through Node's require(esm), but Jest's module loader on Node < 24.9 cannot,
 * so Jest compiles those packages to CommonJS like our own sources.
 */
const transformIgnorePatterns = ['/node_modules/(?!(@nestjs|file-type|uid|load-esm|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|cron|jose)/)'];

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
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.e2e-spec\\.ts$',
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
