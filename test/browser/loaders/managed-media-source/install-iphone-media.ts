/**
 * Imported first by the test pages and the viewer frame: the page looks like an iPhone's
 * (no `MediaSource`, a `ManagedMediaSource`) before any player module runs.
 */
import { installManagedMediaSourceShim, type ManagedMediaSourceShim } from './managed-media-source-shim.js';

export const shim: ManagedMediaSourceShim = installManagedMediaSourceShim();
