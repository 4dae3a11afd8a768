// dist/p2p-video.js: one self-registering module for a plain <script type="module">, with Lit and
// media-chrome inside and each engine (hls.js, Shaka) in its own chunk beside it, loaded only when
// a source needs it.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false, // runs after vite.config.ts and tsc into the same folder
    sourcemap: true,
    target: 'es2022',
    lib: { entry: { 'p2p-video': 'src/p2p-video.ts' }, formats: ['es'] },
    rollupOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Name the engine chunks so a look at dist/chunks tells what loads when.
        manualChunks(id: string) {
          if (id.includes('/node_modules/hls.js/')) return 'hls';
          if (id.includes('/node_modules/shaka-player/')) return 'shaka';
          return undefined;
        },
      },
    },
  },
});
