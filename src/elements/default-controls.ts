/**
 * The control bar `<p2p-video>` renders inside its `<media-controller>` unless `nocontrols` is set
 * or the `controls` slot is filled. Focus order follows the visual order, left to right.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';

export interface DefaultControlsOptions {
  live: boolean;
  /** Show the P2P stats control. */
  p2p: boolean;
  /** The language of the element's own strings (the stats display). */
  lang: string;
}

/**
 * media-chrome's own spinner is an SVG (SMIL) animation that runs for ever, hidden at opacity 0:
 * a style recalc, layout and paint 60 times a second (in headless Chromium here, 1.6 s of main
 * thread per 10 s of playback, against 0.2 s without controls). This one is the same drawing,
 * turned by a CSS animation that runs only while the indicator shows (p2p-video-styles.ts).
 */
const LOADING_ICON = html`<svg slot="icon" aria-hidden="true" viewBox="0 0 100 100">
  <path d="M73,50c0-12.7-10.3-23-23-23S27,37.3,27,50 M30.9,50c0-10.5,8.5-19.1,19.1-19.1S69.1,39.5,69.1,50"></path>
</svg>`;

export function renderDefaultControls({ live, p2p, lang }: DefaultControlsOptions): TemplateResult {
  return html`
    <media-loading-indicator slot="centered-chrome" noautohide part="loading-indicator">${LOADING_ICON}</media-loading-indicator>
    <media-rendition-menu hidden anchor="auto" part="menu rendition-menu"></media-rendition-menu>
    <media-playback-rate-menu hidden anchor="auto" rates="0.5 0.75 1 1.25 1.5 2" part="menu rate-menu"></media-playback-rate-menu>
    <media-captions-menu hidden anchor="auto" part="menu captions-menu"></media-captions-menu>
    <media-audio-track-menu hidden anchor="auto" part="menu audio-track-menu"></media-audio-track-menu>
    <media-control-bar part="control-bar">
      <media-play-button part="button play-button"></media-play-button>
      <media-mute-button part="button mute-button"></media-mute-button>
      <media-volume-range part="volume-range"></media-volume-range>
      ${live
        ? html`<media-live-button part="button live-button"></media-live-button>`
        : html`<media-time-display showduration part="time-display"></media-time-display>`}
      <media-time-range part="time-range"></media-time-range>
      ${p2p ? html`<p2p-stats-display part="stats" lang=${lang}></p2p-stats-display>` : nothing}
      <media-captions-menu-button part="button captions-button"></media-captions-menu-button>
      <!-- media-chrome hides it (mediaaudiotrackunavailable) unless the media has 2+ audio tracks. -->
      <media-audio-track-menu-button part="button audio-track-button"></media-audio-track-menu-button>
      <media-rendition-menu-button part="button rendition-button"></media-rendition-menu-button>
      <media-playback-rate-menu-button rates="0.5 0.75 1 1.25 1.5 2" part="button rate-button"></media-playback-rate-menu-button>
      <media-pip-button part="button pip-button"></media-pip-button>
      <media-fullscreen-button part="button fullscreen-button"></media-fullscreen-button>
    </media-control-bar>
  `;
}
