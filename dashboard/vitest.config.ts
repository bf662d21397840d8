import path from 'node:path'
import { defineConfig } from 'vitest/config'
import { dashboardPlugins, srcDir } from './plugins.ts'

export default defineConfig({
  // The repository root, whether this runs alone or as a project of the root vitest.config.ts.
  root: path.resolve(import.meta.dirname, '..'),
  plugins: dashboardPlugins(false),
  resolve: { alias: { '@': srcDir } },
  test: {
    name: 'dashboard',
    environment: 'happy-dom',
    include: ['dashboard/src/**/*.spec.ts'],
    // Component tests run beside the server's on two cores; a loaded machine once pushed one past the 5 s default.
    testTimeout: 30_000,
    // The same as the root config's projects (vitest refuses projects of one run that disagree).
    maxWorkers: 2,
    // Element Plus components import their CSS; inlining lets Vite handle those imports in tests.
    server: { deps: { inline: ['element-plus'] } },
  },
})
