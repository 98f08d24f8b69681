/** Builds the web app (web/) into dist/web: hashed assets, no inline scripts, no network. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
export const webOutDir = path.resolve(webRoot, '../dist/web');

export const config = defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: webOutDir,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});

// Vite loads the config from the default export.
// eslint-disable-next-line no-restricted-syntax
export default config;
