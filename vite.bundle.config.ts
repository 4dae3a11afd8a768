// dist/p2p-video.js: one self-registering module for a plain <script type="module">, with Lit and
// media-chrome inside and each engine (hls.js, Shaka) in its own chunk beside it, loaded only when
// a source needs it.
//
// Built as an application input, not in library mode: Vite's lib mode never minifies whitespace
// for the 'es' format (322 KB entry and 731 KB hls.js chunk unminified, 272 KB and 579 KB minified),
// and only a non-lib build gets Vite's dynamic-import preload helper, which requests a lazy
// chunk's own imports together with it instead of one round after it (a module waterfall).
import { defineConfig } from 'vite';

export default defineConfig({
  // Chunk URLs relative to the importing module (`new URL(dep, import.meta.url)`), never `/chunks/…`:
  // the bundle is served from wherever a page puts it (node_modules/p2p-video/dist/, a CDN path).
  base: './',
  // No public/ copy and no index.html: this build emits the bundle only.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false, // runs after vite.config.ts and tsc into the same folder
    sourcemap: true,
    target: 'es2022',
    minify: true,
    // Preload lazy chunks' dependencies, but with no polyfill: a module script already implies a
    // browser with <link rel="modulepreload">, and the polyfill would add code to the entry.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { 'p2p-video': 'src/p2p-video.ts' },
      // Keep the entry's exports (P2PVideoElement etc.): an application build would drop them.
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Name the engine chunks so a look at dist/chunks tells what loads when. (A chunk's own
        // imports are preloaded with it by Vite's helper, so the many small shared chunks load in
        // one round: rolldown's codeSplitting groups merged them but pulled Lit and the engines
        // into the entry's static imports.)
        manualChunks(id: string) {
          if (id.includes('/node_modules/hls.js/')) return 'hls';
          if (id.includes('/node_modules/shaka-player/')) return 'shaka';
          return undefined;
        },
      },
    },
  },
});
