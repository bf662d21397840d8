// Shared by vite.config.ts and vitest.config.ts so the app and its tests resolve Element Plus the same way.
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import type { PluginOption } from 'vite'

export const dashboardRoot = fileURLToPath(new URL('.', import.meta.url))
export const srcDir = fileURLToPath(new URL('./src', import.meta.url))

/**
 * Element Plus on demand: components (and their CSS) from templates through unplugin-vue-components,
 * and the programmatic services (ElMessage, ElMessageBox) through unplugin-auto-import.
 * `writeDts` is off in tests so a test run never rewrites the committed declaration files.
 */
export function dashboardPlugins(writeDts = true): PluginOption[] {
  return [
    vue(),
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: writeDts ? fileURLToPath(new URL('./src/auto-imports.d.ts', import.meta.url)) : false,
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      // Our own components are imported explicitly; only Element Plus is resolved automatically.
      dirs: [],
      dts: writeDts ? fileURLToPath(new URL('./src/components.d.ts', import.meta.url)) : false,
    }),
  ]
}
