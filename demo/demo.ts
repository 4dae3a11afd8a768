/**
 * The demo's entry: the full page, or with `?viewer` one compact viewer (what "add a viewer"
 * puts in a frame, so each viewer is its own page and its own peer).
 */
import '../src/p2p-video.ts';
import { mountCompactViewer } from './compact-viewer.ts';
import { mountDemoPage } from './demo-page.ts';

if (new URLSearchParams(location.search).has('viewer')) mountCompactViewer();
else mountDemoPage();
