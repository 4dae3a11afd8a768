import { useState } from 'react';

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

  // React 19 supports custom elements natively: props the element has (src, trackers, config)
  // are set as DOM properties, others (ice-servers) as attributes, and `onp2pstats` adds a
  // listener for the `p2pstats` event.
  return (
    <>
      <h1>&lt;p2p-video&gt; — React 19</h1>
      <p2p-video
        src={src}
        trackers={tracker}
        ice-servers=""
        config={config}
        autoplay
        muted
        playsinline
        style={{ display: 'block', width: '100%', maxWidth: '48rem', aspectRatio: '16 / 9' }}
        onp2pstats={(event) => {
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
