/** `<p2p-video>`'s shadow styles: a 16:9 black box by default, the video filling it, the bar's layout. */
import { css } from 'lit';

export const p2pVideoStyles = css`
  :host {
    display: block;
    position: relative;
    aspect-ratio: var(--p2p-video-aspect-ratio, 16 / 9);
    background: var(--p2p-video-background, #000);
    line-height: normal;
  }
  :host([hidden]) { display: none; }
  media-controller { width: 100%; height: 100%; }
  video { width: 100%; height: 100%; object-fit: var(--p2p-video-object-fit, contain); }
  slot[name='controls'] { display: block; }
  slot[name='controls'][hidden] { display: none; }
  media-control-bar { width: 100%; }
  media-time-range { flex: 1; }
  media-captions-menu-button:not([mediasubtitleslist]) { display: none; }
  media-rendition-menu-button[mediarenditionunavailable] { display: none; }
  media-audio-track-menu-button[mediaaudiotrackunavailable] { display: none; }
  @media (max-width: 480px) { media-volume-range, p2p-stats-display { display: none; } }
  /* Our spinner (default-controls.ts) turns only while the indicator shows. */
  media-loading-indicator > svg { transform-origin: 50% 50%; }
  media-loading-indicator[medialoading]:not([mediapaused]) > svg { animation: p2p-video-spin 1s linear infinite; }
  @keyframes p2p-video-spin { to { transform: rotate(360deg); } }
`;
