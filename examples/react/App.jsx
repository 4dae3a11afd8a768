import { useState } from 'react';
import { P2PVideo } from 'p2p-video/react';

// Where the sample stream and the tracker live: `?origin=…&tracker=…` (set by examples/serve.ts).
const params = new URLSearchParams(location.search);
const origin = params.get('origin') ?? `http://${location.hostname}:8180`;
const tracker = params.get('tracker') ?? `ws://${location.hostname}:8190`;

const src = `${origin}/vod/hls-ts/master.m3u8`;
// A stable object: a new one on every render would make the element reload.
const config = { p2p: { httpWindowSeconds: 6 }, hls: { maxBufferLength: 30 } };

export function App() {
  const [events, setEvents] = useState(0);
  const [stats, setStats] = useState(null);

  // <P2PVideo> (p2p-video/react) sets the element's properties (src, trackers, iceServers, config)
  // and listens to its events through on… props: ours as onP2pstats, media ones as on <video>
  // (onTimeUpdate). autoplay, muted and playsinline are the element's media attributes.
  return (
    <>
      <h1>&lt;p2p-video&gt; — React 19</h1>
      <P2PVideo
        src={src}
        trackers={tracker}
        iceServers=""
        config={config}
        autoplay
        muted
        playsinline
        style={{ display: 'block', width: '100%', maxWidth: '48rem', aspectRatio: '16 / 9' }}
        onP2pstats={(event) => {
          setEvents((n) => n + 1);
          setStats(event.detail);
        }}
      />
      <p id="p2p-stats">
        p2pstats events: {events}
        {stats && ` · peers: ${stats.peers} · HTTP ${stats.httpBytes} B · P2P ${stats.p2pBytes} B`}
      </p>
    </>
  );
}
