// A page that already runs hls.js: one line more (withP2P) and a `p2p` option add segment sharing.
// From npm: `npm install hls.js p2p-video`; examples/vite-config.ts points `p2p-video/hlsjs` at dist/.
import Hls from 'hls.js';
import { withP2P } from 'p2p-video/hlsjs';

// Where the sample stream and the tracker live: `?origin=…&tracker=…` (set by examples/serve.ts).
const params = new URLSearchParams(location.search);
const origin = params.get('origin') ?? `http://${location.hostname}:8180`;
const tracker = params.get('tracker') ?? `ws://${location.hostname}:8190`;

const video = document.getElementById('video');
const output = document.getElementById('p2p-stats');

const HlsP2P = withP2P(Hls); // a subclass: Hls itself is not modified
const hls = new HlsP2P({
  maxBufferLength: 30, // your own hls.js config, as before
  // No ICE servers: peers on one machine or LAN. Leave `iceServers` out for the default STUN servers.
  p2p: { trackers: [tracker], iceServers: [] },
});
hls.attachMedia(video);
hls.loadSource(`${origin}/vod/hls-ts/master.m3u8`);
video.play().catch(() => {}); // muted, so autoplay is allowed

// The core's typed events; `hls.p2p.stats` holds the same counters at any time.
hls.p2p.on('stats', ({ peers, httpBytes, p2pBytes }) => {
  output.textContent = `peers: ${peers} · HTTP ${httpBytes} B · P2P ${p2pBytes} B`;
});
hls.on(Hls.Events.ERROR, (_event, data) => {
  if (data.fatal) output.textContent = `error: ${data.details}`;
});
