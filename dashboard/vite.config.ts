import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { dashboardPlugins, dashboardRoot, srcDir } from './plugins.ts'

const api = process.env.JOINTCHECK_API ?? 'http://localhost:4000'

export default defineConfig({
  root: dashboardRoot,
  base: '/',
  plugins: dashboardPlugins(),
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
    // echarts (~680 kB minified, ~230 kB gzip) is loaded only by pages that draw charts.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Vite 8 (Rolldown) form of `manualChunks`: the two big libraries get chunks of their own so an
        // app change does not invalidate them in the browser cache.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            {
              name: 'element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|async-validator|dayjs|lodash-es|lodash-unified|@vueuse|memoize-one|normalize-wheel-es|@ctrl)[\\/]/,
              priority: 10,
            },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/, priority: 30 },
          ],
        },
      },
    },
  },
})
