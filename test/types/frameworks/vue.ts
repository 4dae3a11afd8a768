/**
 * Type test of dist/types/vue.d.ts (`npm run build` writes it): `<p2p-video>` is a global component
 * whose props are its attributes and writable properties, and whose `@event` handlers are typed.
 */
import type { GlobalComponents } from 'vue';
import type {} from 'p2p-video/types/vue';

type Props = InstanceType<GlobalComponents['p2p-video']>['$props'];

const ok: Props = {
  src: 'https://example.invalid/master.m3u8',
  nop2p: true,
  'ice-servers': '',
  config: { p2p: { httpWindowSeconds: 6 } },
  onP2pstats: (event) => console.log(event.detail.p2pRatio),
  onP2psegmentload: (event) => console.log(event.detail.source),
};
// @ts-expect-error `nop2p` is a boolean attribute
const badAttribute: Props = { nop2p: 'yes' };
// @ts-expect-error `duration` is read-only on the element, so no prop
const readOnly: Props = { duration: 3 };
// @ts-expect-error p2pstats carries P2PStats, which has no `p2pByte`
const badHandler: Props = { onP2pstats: (event) => event.detail.p2pByte };
console.log(ok, badAttribute, readOnly, badHandler);
