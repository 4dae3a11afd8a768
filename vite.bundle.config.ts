// dist/p2p-video.js: one self-registering module for a plain <script type="module">, with Lit and
// media-chrome inside and each engine (hls.js, Shaka) in its own chunk beside it, loaded only when
// a source needs it.
//
// Built as an application input, not in library mode: Vite's lib mode never minifies whitespace
// for the 'es' format (322 KB entry and 731 KB hls.js chunk unminified, 272 KB and 579 KB minified),
// and only a non-lib build gets Vite's dynamic-import preload helper, which requests a lazy
// chunk's own imports together with it instead of one round after it (a module waterfall).
import { defineConfig } from 'vite';
import { flatEntryImports } from './tools/build/flat-entry-imports.ts';

// What the entry imports statically, in a chunk of its own: a group captures its members'
// imports too, so the engine registry inside a bigger group would pull that group into the entry.
const ENTRY_IMPORTS = [/\/src\/loaders\/engine-registry\.ts$/, /vite\/preload-helper/];
// Our small modules shared by the element, the loaders and the core, in two chunks: what the
// element imports, and what only the loaders and the core share. Left to the bundler, each set of
// importers gets its own chunk: a dozen sub-kilobyte files requested in the same round as the
// engine chunk, which then waited ~70 ms for a free connection (six per origin over HTTP/1.1).
const ELEMENT_SHARED = [
  /\/src\/p2p\/(config|deps|swarm-id)\.ts$/,
  /\/src\/p2p\/util\/platform\.ts$/,
  /\/src\/p2p\/http\/http-reason\.ts$/,
  /\/src\/loaders\/(media-loader|player-error)\.ts$/,
];
const LOADER_SHARED = [
  /\/src\/p2p\/(errors|segment)\.ts$/,
  /\/src\/p2p\/util\/[\w-]+\.ts$/,
  /\/src\/p2p\/http\/origin-request\.ts$/,
  /\/src\/p2p\/protocol\/protocol\.ts$/,
  /\/src\/loaders\/(?!engine-registry)[\w-]+\.ts$/,
];

export default defineConfig({
  // Chunk URLs relative to the importing module (`new URL(dep, import.meta.url)`), never `/chunks/…`:
  // the bundle is served from wherever a page puts it (node_modules/p2p-video/dist/, a CDN path).
  base: './',
  // No public/ copy and no index.html: this build emits the bundle only.
  publicDir: false,
  // The entry imports its whole static graph itself: one round of requests, not a waterfall.
  plugins: [flatEntryImports()],
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
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Named chunks, so a look at dist/chunks tells what loads when: each engine, what the entry
        // imports, and our shared modules (above). A group captures only what it matches (the
        // default would also take in its members' imports: the engine registry pulled the element
        // module and Lit into the entry's static imports).
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'hls', test: /\/node_modules\/hls\.js\//, priority: 50 },
            { name: 'shaka', test: /\/node_modules\/shaka-player\//, priority: 50 },
            { name: 'engine-registry', test: (id: string) => ENTRY_IMPORTS.some((pattern) => pattern.test(id)), priority: 40 },
            { name: 'shared', test: (id: string) => ELEMENT_SHARED.some((pattern) => pattern.test(id)), priority: 30 },
            { name: 'loader-shared', test: (id: string) => LOADER_SHARED.some((pattern) => pattern.test(id)), priority: 20 },
          ],
        },
      },
    },
  },
});
