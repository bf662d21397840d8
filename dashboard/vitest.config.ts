import { defineConfig } from 'vitest/config'
import { dashboardPlugins, srcDir } from './plugins.ts'

export default defineConfig({
  plugins: dashboardPlugins(false),
  resolve: { alias: { '@': srcDir } },
  test: {
    environment: 'happy-dom',
    include: ['dashboard/src/**/*.spec.ts'],
    // Element Plus components import their CSS; inlining lets Vite handle those imports in tests.
    server: { deps: { inline: ['element-plus'] } },
  },
})
