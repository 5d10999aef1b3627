import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The pages: one HTML file per user, each loading only its own script and what it shares. */
const PAGES = ['index', 'desk', 'support', 'agency', 'citizen'];

export default defineConfig({
  root: resolve(__dirname, 'web'),
  base: '/',
  build: {
    outDir: resolve(__dirname, 'web/dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: Object.fromEntries(PAGES.map((page) => [page, resolve(__dirname, 'web', `${page}.html`)])) },
  },
});
