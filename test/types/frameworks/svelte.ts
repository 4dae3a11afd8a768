/**
 * Type test of dist/types/svelte.d.ts (`npm run build` writes it): Svelte 5 type-checks
 * `<p2p-video …>` against `SvelteHTMLElements['p2p-video']`.
 */
import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from 'p2p-video/types/svelte';

type Attributes = SvelteHTMLElements['p2p-video'];

const ok: Attributes = {
  src: 'https://example.invalid/master.m3u8',
  engine: 'hls',
  'swarm-id': 'room-1',
  class: 'player',
  config: { hls: { maxBufferLength: 30 } },
  onp2pstats: (event) => console.log(event.detail.peers),
  onp2ppeerconnect: (event) => console.log(event.detail.peerId.length),
};
// @ts-expect-error `noupload` is a boolean attribute
const badAttribute: Attributes = { noupload: 1 };
// @ts-expect-error p2psegmentload's source is a string union, not a number
const badHandler: Attributes = { onp2psegmentload: (event) => event.detail.source.toFixed() };
console.log(ok, badAttribute, badHandler);
