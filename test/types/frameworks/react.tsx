/**
 * Type test of dist/types/react.d.ts (`npm run build` writes it): React 19 JSX type-checks
 * `<p2p-video>`'s attributes, properties (`config`) and `on<event>` handlers.
 */
import { useRef } from 'react';
import type {} from 'p2p-video/types/react';
import type { P2PVideoElement } from 'p2p-video';

export function Player({ src }: { src: string }) {
  const ref = useRef<P2PVideoElement>(null);
  return (
    <>
      <p2p-video
        ref={ref}
        src={src}
        ice-servers=""
        nop2p={false}
        autoplay
        muted
        config={{ p2p: { httpWindowSeconds: 6 } }}
        style={{ width: '100%' }}
        onp2pstats={(event) => console.log(event.detail.p2pBytes, ref.current?.stats.peers)}
        onp2pwarning={(event) => console.log(event.detail.code)}
        onp2ppeerdisconnect={(event) => console.log(event.detail.peerId)}
        onp2psegmentload={(event) => console.log(event.detail.source)}
        onrenditionchange={(event) => console.log(event.detail.index)}
        onstreamtypechange={(event) => console.log(event.type)}
        ontimeupdate={(event) => console.log(event.type)}
        onloadedmetadata={(event) => console.log(event.type)}
      />
      {/* @ts-expect-error `nocontrols` is a boolean attribute */}
      <p2p-video nocontrols="yes" />
      {/* @ts-expect-error `paused` is read-only on the element, so no prop */}
      <p2p-video paused={false} />
      {/* @ts-expect-error p2ppeerconnect carries { peerId }, not a number */}
      <p2p-video onp2ppeerconnect={(event: CustomEvent<number>) => event.detail.toFixed()} />
      {/* @ts-expect-error renditionchange carries { index }, not a string */}
      <p2p-video onrenditionchange={(event: CustomEvent<string>) => event.detail.length} />
      <p2p-stats-display stats={ref.current?.stats} />
    </>
  );
}
