import type { Config } from 'jest';

/**
 * One jest run covers every layer: unit tests of the domain, contract tests of the emulator against
 * Atlassian's OpenAPI specs, integration tests through the real @forge packages and the runtime shim,
 * and browser tests in Debian Chromium. Browser tests need `npm run build` first (`npm test` does it).
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  setupFiles: ['<rootDir>/tests/setup/fast-check.ts'],
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
