/**
 * `p2p-video/angular`: `P2PVideoDirective`, typed inputs and outputs for `<p2p-video>` in Angular
 * templates (see docs/frameworks.md). Shipped partially compiled (Angular's library format), so
 * AOT (Angular CLI) and JIT apps both use it.
 */
export { P2PVideoDirective } from './p2p-video-directive.js';
