/**
 * What the bundle entry (`src/p2p-video.ts`) imports lazily, as one module: the package entry's
 * exports and the registration. One dynamic import is one chunk to fetch beside the engine's,
 * where two (`index`, `define`) were three (each a facade over the element chunk).
 */
export * from '../index.js';
export { defineElements } from './define.js';
