/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The Java server listens here in development (see README.md); ONETHING_SERVER points elsewhere.
const SERVER = process.env.ONETHING_SERVER ?? 'http://127.0.0.1:8080'

export default defineConfig(({ mode }) => ({
  // The server serves this app from the classpath folder designer/ at /designer/.
  base: '/designer/',
  plugins: [
    vue(),
    // Imports only the Element Plus components a template uses, with their styles; tests skip
    // the styles, which Node cannot import and which would otherwise make Vitest transform all of Element Plus.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: mode === 'test' ? false : 'css' })],
      dts: 'src/components.d.ts',
      // Our own components are imported explicitly.
      dirs: [],
    }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/health': SERVER,
    },
  },
  build: {
    outDir: 'dist',
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
}))
