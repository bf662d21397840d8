import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build for type-graphql and Apollo; make vite resolve the same file,
// or two copies of graphql meet and `instanceof GraphQLError` fails.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

// Two files at a time on a 2-core machine: most of a server or browser test's time is spent waiting on
// PostgreSQL, Chromium or a child process. Vitest 5 reads maxWorkers per project (a project left at the
// default, cores − 1 = 1, runs its files one by one), and refuses projects of one run that disagree.
const MAX_WORKERS = 2;

export default defineConfig({
  test: {
    maxWorkers: MAX_WORKERS,
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
          maxWorkers: MAX_WORKERS,
        },
      },
      {
        extends: false,
        test: {
          name: 'scripts',
          include: ['scripts/__tests__/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          maxWorkers: MAX_WORKERS,
        },
      },
      'dashboard/vitest.config.ts',
    ],
  },
});
