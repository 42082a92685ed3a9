/**
 * Two projects: `unit` (pure specs beside the code, no database) and `e2e`
 * (test/, against a real PostgreSQL started once by test/global-setup.ts, or
 * the one DATABASE_URL names). `npm test` runs both.
 *
 * NestJS 12, jose and a few packages they pull in ship as ES modules only. Jest
 * loads them as they are through require(esm), which its module loader can do
 * on Node >= 24.9 when Node runs with --experimental-vm-modules (the `test` and
 * `jest` scripts in package.json start it so). swc compiles only our own
 * TypeScript: it keeps the decorator metadata Nest's injection needs and does
 * no type checking, which `tsc --noEmit` in `npm test` has already done.
 */
const vm = require('node:vm');

if (typeof vm.SourceTextModule?.prototype.hasAsyncGraph !== 'function') {
  console.error(
    `Fejl: Jest skal køre på Node 24.9 eller nyere med --experimental-vm-modules (denne Node er ${process.version}). ` +
      'Brug `npm test` eller `npm run jest -- <sti>`, og på en ældre Node først `source scripts/use-node.sh`.',
  );
  process.exit(1);
}

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
