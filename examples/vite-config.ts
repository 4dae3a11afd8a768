/**
 * One Vite config for every framework example, used by `examples/serve.ts` (dev server) and by
 * test/examples (production build). In your own app you would install `p2p-video` from npm and
 * drop the aliases below: they point the package name at this repository's `dist/`.
 */
import { fileURLToPath } from 'node:url';
import type { InlineConfig, PluginOption } from 'vite';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export const EXAMPLE_NAMES = ['html', 'vue', 'svelte', 'react', 'angular', 'hlsjs', 'plyr'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];
/** The examples that add P2P to a player the page runs itself (`withP2P(Hls)`), without `<p2p-video>`. */
export const PLAYER_EXAMPLE_NAMES = ['hlsjs', 'plyr'] as const satisfies readonly ExampleName[];

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

function frameworkPlugins(name: ExampleName): PluginOption[] {
  switch (name) {
    // Vue renders unknown tags as components unless told they are custom elements.
    case 'vue':
      return [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'p2p-video' } } })];
    case 'svelte':
      return [svelte()];
    // React 19 needs no plugin for JSX (Vite transforms it); Angular runs JIT (see its README).
    default:
      return [];
  }
}

export interface ExampleConfigOptions {
  name: ExampleName;
  /** Build output directory (production builds only). */
  outDir?: string;
  /** Where the built package lives. @default '<repo>/dist/' */
  distDir?: string;
}

/** Vite config for one example. The plain HTML example needs no build; it is served as is. */
export function exampleViteConfig({ name, outDir, distDir = DEFAULT_DIST_DIR }: ExampleConfigOptions): InlineConfig {
  const dist = (file: string): string => `${distDir.replace(/\/$/, '')}/${file}`;
  return {
    configFile: false,
    root: fileURLToPath(new URL(`./${name}/`, import.meta.url)),
    base: './',
    logLevel: 'warn',
    plugins: frameworkPlugins(name),
    resolve: {
      alias: [
        // As package.json "exports" maps them: the define entry shares Lit and the element with index.js.
        { find: /^p2p-video\/define$/, replacement: dist('elements/define.js') },
        { find: /^p2p-video\/react$/, replacement: dist('react.js') },
        { find: /^p2p-video\/hlsjs$/, replacement: dist('hlsjs.js') },
        { find: /^p2p-video\/angular$/, replacement: dist('angular/index.js') },
        { find: /^p2p-video$/, replacement: dist('index.js') },
      ],
    },
    server: { fs: { allow: [repoRoot] } },
    // The Angular JIT compiler alone is ~1 MB: no point warning about it.
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  };
}
