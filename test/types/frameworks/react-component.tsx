/**
 * Type test of `p2p-video/react` (`npm run build` writes dist/react/*.d.ts): `<P2PVideo>`'s props
 * are the element's settable properties and media attributes, its event props are typed.
 */
import { useRef } from 'react';
import { P2PStatsDisplay, P2PVideo } from 'p2p-video/react';
import type { P2PVideoProps } from 'p2p-video/react';
import type { P2PVideoElement } from 'p2p-video';

export function Player({ src }: { src: string }) {
  const ref = useRef<P2PVideoElement>(null);
  return (
    <>
      <P2PVideo
        ref={ref}
        src={src}
        iceServers=""
        noP2P={false}
        forcedEngine="hls"
        autoplay
        muted
        playsinline
        preload="metadata"
        config={{ p2p: { httpWindowSeconds: 6 } }}
        className="player"
        style={{ width: '100%' }}
        onP2pstats={(event) => console.log(event.detail.p2pBytes, ref.current?.stats.peers)}
        onP2psegmentload={(event) => console.log(event.detail.source)}
        onP2pwarning={(event) => console.log(event.detail.code)}
        onRenditionchange={(event) => console.log(event.detail.index)}
        onStreamtypechange={(event) => console.log(event.type)}
        onTimeUpdate={(event) => console.log(event.type)}
        onError={() => console.log(ref.current?.error?.detail)}
      />
      {/* @ts-expect-error `noP2P` is a boolean */}
      <P2PVideo noP2P="yes" />
      {/* Setting `engine` forces an engine, like the attribute (reading it gives the instance). */}
      <P2PVideo engine="hls" />
      {/* @ts-expect-error `engine` takes an engine name */}
      <P2PVideo engine="flash" />
      {/* @ts-expect-error no currentTime prop: it would seek on every render */}
      <P2PVideo currentTime={3} />
      {/* @ts-expect-error p2pstats carries P2PStats, which has no `p2pByte` */}
      <P2PVideo onP2pstats={(event) => event.detail.p2pByte} />
      {/* @ts-expect-error p2ppeerconnect carries { peerId }, not a number */}
      <P2PVideo onP2ppeerconnect={(event: CustomEvent<number>) => event.detail.toFixed()} />
      {/* @ts-expect-error an unknown P2P setting */}
      <P2PVideo config={{ p2p: { httpWindowSecs: 6 } }} />
      <P2PStatsDisplay stats={ref.current?.stats} />
    </>
  );
}

const props: P2PVideoProps = { src: 'https://example.invalid/master.m3u8', onP2ppeerdisconnect: (event) => event.detail.peerId };
console.log(props);
