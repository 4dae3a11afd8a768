// Library build for npm consumers: ES modules in dist/, dependencies left as imports so the app's
// bundler dedupes Lit, media-chrome and the engines. The engines stay lazy (dynamic import()).
// The self-contained <script type="module"> build is vite.bundle.config.ts.
import { defineConfig } from 'vite';

const EXTERNAL = [/^lit($|\/)/, /^@lit\//, /^media-chrome($|\/)/, /^media-tracks($|\/)/, /^hls\.js($|\/)/, /^shaka-player($|\/)/, /^@trystero-p2p\//, /^react($|\/)/];

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    target: 'es2022',
    lib: {
      // package.json "exports": ".", "./p2p" and "./define" (registration, Lit etc. left as imports so
      // an app gets one copy). "./p2p-video.js" is the self-contained bundle of vite.bundle.config.ts.
      // "./react" is the React wrapper (React and @lit/react left to the app). The element classes
      // get entries of their own so custom-elements.json can name the files that hold them.
      entry: {
        index: 'src/index.ts',
        'p2p/index': 'src/p2p/index.ts',
        'elements/define': 'src/elements/define.ts',
        'elements/p2p-video': 'src/elements/p2p-video.ts',
        'elements/p2p-stats-display': 'src/elements/p2p-stats-display.ts',
        react: 'src/react/index.ts',
        // "./hlsjs" / "./shaka": P2P for pages that run the engine themselves (the engine is passed in).
        hlsjs: 'src/integrations/hlsjs.ts',
        shaka: 'src/integrations/shaka.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: (id) => EXTERNAL.some((pattern) => pattern.test(id)),
      output: { chunkFileNames: 'lib/[name]-[hash].js' },
    },
  },
});
