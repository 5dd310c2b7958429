import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The window loads the built files through Tauri's custom protocol; the dev server is only
// for `tauri dev`. Nothing is fetched from a network at run time: every asset is bundled.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    // Inlined assets would need `data:` in the CSP; emit them as files instead.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
