/**
 * The self-registering entry: `<script type="module" src=".../p2p-video.js">` and use the tag.
 * Engines (hls.js, Shaka) load lazily, only when a source needs them.
 */
export * from './index.js';
import './elements/define.js';
