/**
 * Imports Shaka Player's DASH-only build on first use. It is a closure-compiled UMD: bundlers
 * that convert it from CommonJS (Vite, @rollup/plugin-commonjs in web-test-runner) hand back its
 * exports as `default` or as the namespace itself; loaded as a plain script it sets `window.shaka`.
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';

export type Shaka = typeof shakaNamespace;

let loading: Promise<Shaka> | undefined;

function isShaka(value: unknown): value is Shaka {
  return typeof (value as Shaka | undefined)?.Player === 'function';
}

/** The module as each toolchain hands it back. */
interface ShakaModuleShapes {
  /** Vite / esbuild / rolldown: `module.exports` as the default export. */
  default?: unknown;
  /** @rollup/plugin-commonjs with strict requires (web-test-runner): a function returning `module.exports`. */
  __require?: () => unknown;
}

async function importShaka(): Promise<Shaka> {
  const mod = (await import('shaka-player/dist/shaka-player.dash.js')) as unknown as ShakaModuleShapes;
  const candidates = [
    () => mod.default,
    () => mod,
    () => (typeof mod.__require === 'function' ? mod.__require() : undefined),
    () => (globalThis as { shaka?: unknown }).shaka,
  ];
  const shaka = candidates.map((candidate) => candidate()).find(isShaka);
  if (!shaka) throw new Error('shaka-player/dist/shaka-player.dash.js loaded but exposed no shaka.Player');
  shaka.polyfill.installAll();
  return shaka;
}

/** The `shaka` namespace, imported (and its polyfills installed) once per page. */
export function loadShaka(): Promise<Shaka> {
  loading ??= importShaka().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
