import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { dashboardPlugins, dashboardRoot, srcDir } from './plugins.ts'
import { routePreload } from './routePreload.ts'

const api = process.env.JOINTCHECK_API ?? 'http://localhost:4000'

export default defineConfig({
  root: dashboardRoot,
  base: '/',
  plugins: [
    ...dashboardPlugins(),
    // The leader's landing page: its layout and view are fetched while the entry starts.
    routePreload({ '/cockpit': ['src/layouts/AppLayout.vue', 'src/views/cockpit/index.vue'] }),
  ],
  resolve: { alias: { '@': srcDir } },
  server: {
    // The server serves /graphql and the CSV templates on the same origin in production.
    proxy: {
      '/graphql': { target: api, changeOrigin: true },
      '/templates': { target: api, changeOrigin: true },
      '/downloads': { target: api, changeOrigin: true },
      '/uploads': { target: api, changeOrigin: true },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // echarts (~600 kB minified, ~200 kB gzip) is loaded only by pages that draw ECharts charts, and only once
    // they mount one (composables/useEcharts.ts imports charts/register.ts on demand); the cockpit draws SVG.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Element Plus is split by use, like the app: a page loads the components it shows, not all of them
        // (the cockpit's first load has a budget, bench/dashboard-budget.ts). Those shared chunks are named
        // after their first module, Element Plus's `style/css.mjs`; call them what they are.
        chunkFileNames: (chunk) => (chunk.name === 'css' ? 'assets/element-plus-[hash].js' : 'assets/[name]-[hash].js'),
        // Vite 8 (Rolldown) form of `manualChunks`: ECharts and Vue get chunks of their own so an app change
        // does not invalidate them in the browser cache.
        codeSplitting: {
          groups: [
            // …except the modules of charts/extras.ts (heatmap, visual map, data zoom), left to the chunk
            // that page loads when it needs them.
            { name: 'echarts', test: /node_modules[\\/](echarts[\\/](?!lib[\\/](chart[\\/]heatmap|component[\\/](visualMap|dataZoom)))|zrender[\\/])/, priority: 20 },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/, priority: 30 },
          ],
        },
      },
    },
  },
})
