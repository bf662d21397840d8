import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build for type-graphql and Apollo; make vite resolve the same file,
// or two copies of graphql meet and `instanceof GraphQLError` fails.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  test: {
    // Two files at a time even on a 2-core machine (the default is cores − 1): most of a server or browser
    // test's time is spent waiting on PostgreSQL, Chromium or a child process, not on the test's own thread.
    maxWorkers: 2,
    projects: [
      {
        extends: false,
        resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
        test: {
          name: 'server',
          include: ['server/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        extends: false,
        test: {
          name: 'scripts',
          include: ['scripts/__tests__/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      'dashboard/vitest.config.ts',
    ],
  },
});
