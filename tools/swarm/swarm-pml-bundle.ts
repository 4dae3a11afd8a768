/**
 * Bundles P2P Media Loader 2.3 (+ hls.js) for the `pml` subject page into `.cache/swarm-bundles/pml.js`.
 * Built at test/bench time, never committed.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const PML_BUNDLE_PATH = join(REPO_ROOT, '.cache/swarm-bundles/pml.js');

/** Builds the bundle unless a bundle newer than the installed packages exists. Returns its path. */
export async function ensurePmlBundle(): Promise<string> {
  const source = join(REPO_ROOT, 'node_modules/p2p-media-loader-hlsjs/package.json');
  if (!existsSync(source)) throw new Error('p2p-media-loader-hlsjs is not installed (npm ci)');
  if (existsSync(PML_BUNDLE_PATH) && statSync(PML_BUNDLE_PATH).mtimeMs > statSync(source).mtimeMs) return PML_BUNDLE_PATH;
  await build({
    stdin: {
      contents: "export { default as Hls } from 'hls.js';\nexport { HlsJsP2PEngine } from 'p2p-media-loader-hlsjs';\n",
      resolveDir: REPO_ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: PML_BUNDLE_PATH,
    // P2P Media Loader's dependencies expect Node's `events` and `process`/`global` (STACK.md).
    define: { 'process.browser': 'true', 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'warning',
  });
  return PML_BUNDLE_PATH;
}
