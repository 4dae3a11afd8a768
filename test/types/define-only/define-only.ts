/**
 * Type test: a page that imports only `p2p-video/define` (the usual way to use the element) still
 * gets the tag and its events typed, without importing anything from `p2p-video` itself.
 * A separate tsc project, so the augmentations reached through `p2p-video` in ../ do not leak in.
 */
import 'p2p-video/define';

const el = document.createElement('p2p-video');
el.noP2P = true;
el.addEventListener('p2pstats', (event) => console.log(event.detail.p2pRatio.toFixed(2)));
el.addEventListener('p2psegmentload', (event) => console.log(event.detail.bytes + 1));
// @ts-expect-error createElement('p2p-video') is a P2PVideoElement: no such property
el.nop2p = true;
// @ts-expect-error p2pstats carries P2PStats, which has no `p2pByte`
el.addEventListener('p2pstats', (event) => event.detail.p2pByte);
const playing: Promise<void> = el.play();
const support: CanPlayTypeResult = el.canPlayType('video/mp4');
console.log(playing, support, el.paused);
