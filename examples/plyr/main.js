// Plyr's usual HLS recipe (Plyr draws the UI, hls.js plays the stream), with P2P added by
// `withP2P(Hls)`: nothing else of the recipe changes. From npm: `npm install plyr hls.js p2p-video`.
import Hls from 'hls.js';
import Plyr from 'plyr';
import 'plyr/dist/plyr.css';
import { withP2P } from 'p2p-video/hlsjs';

// Where the sample stream and the tracker live: `?origin=…&tracker=…` (set by examples/serve.ts).
const params = new URLSearchParams(location.search);
const origin = params.get('origin') ?? `http://${location.hostname}:8180`;
const tracker = params.get('tracker') ?? `ws://${location.hostname}:8190`;

const video = document.getElementById('video');
const output = document.getElementById('p2p-stats');

const HlsP2P = withP2P(Hls);
// No ICE servers: peers on one machine or LAN. Leave `iceServers` out for the default STUN servers.
const hls = new HlsP2P({ p2p: { trackers: [tracker], iceServers: [] } });

// The manifest first, so Plyr's quality menu can list hls.js' levels; the video is attached once
// Plyr has wrapped it in its UI (moving a video that already plays a MediaSource makes Chromium
// fetch the revoked blob URL again: a console error, though playback goes on).
hls.once(Hls.Events.MANIFEST_PARSED, () => {
  // Plyr's quality menu from hls.js' levels; 0 = automatic (hls.js ABR).
  const heights = [...new Set(hls.levels.map((level) => level.height))].sort((a, b) => b - a);
  const player = new Plyr(video, {
    // Plyr loads its icons from cdn.plyr.io unless told otherwise. Its package does not export the
    // sprite, so public/plyr.svg is a copy of node_modules/plyr/dist/plyr.svg, served with the page.
    iconUrl: './plyr.svg',
    // Plyr swaps this in when it tears a source down; the default is a file on its CDN.
    blankVideo: '',
    quality: {
      default: 0,
      options: [0, ...heights],
      forced: true,
      onChange: (height) => (hls.currentLevel = hls.levels.findIndex((level) => level.height === height)),
    },
    i18n: { qualityLabel: { 0: 'Auto' } },
  });
  hls.attachMedia(video);
  player.muted = true;
  player.play()?.catch(() => {});
  window.plyr = player; // for the console
});
hls.loadSource(`${origin}/vod/hls-ts/master.m3u8`);

hls.p2p.on('stats', ({ peers, httpBytes, p2pBytes }) => {
  output.textContent = `peers: ${peers} · HTTP ${httpBytes} B · P2P ${p2pBytes} B`;
});
hls.on(Hls.Events.ERROR, (_event, data) => {
  if (data.fatal) output.textContent = `error: ${data.details}`;
});
