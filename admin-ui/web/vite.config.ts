import { defineConfig } from 'vite';

// The gateway serves these files at /setup/ from its jar; the build writes them where Maven packs them.
export default defineConfig({
  base: '/setup/',
  build: {
    outDir: '../target/web/setup',
    emptyOutDir: true,
    // no inline <script> or data: module preload: the pages run under a strict Content-Security-Policy
    modulePreload: false,
    assetsInlineLimit: 0,
  },
});
