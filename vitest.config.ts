import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
// Vitest loads the config from the default export.
// eslint-disable-next-line no-restricted-syntax
export default config;
