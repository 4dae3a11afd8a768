/**
 * `p2p-video/react`: React components for `<p2p-video>` and `<p2p-stats-display>`, with typed
 * props and event props. Importing it registers the tags (it imports `p2p-video/define`).
 * For plain JSX `<p2p-video>` (React 19 handles custom elements itself) see `p2p-video/types/react`.
 */
export { P2PVideo } from './p2p-video-react.js';
export type { P2PVideoProps } from './p2p-video-react.js';
export { P2PStatsDisplay } from './p2p-stats-display-react.js';
export type { P2PStatsDisplayProps } from './p2p-stats-display-react.js';
