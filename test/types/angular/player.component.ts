/**
 * Type test of `p2p-video/angular` (dist/angular, `npm run build`): with strictTemplates, the
 * directive's inputs and the `$event` of its outputs are typed. bad/ holds templates that must
 * not compile (checked by test/package/angular-types.test.ts).
 */
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import { P2PVideoDirective } from 'p2p-video/angular';
import type { P2PSegmentLoadDetail, P2PStats, P2PVideoConfig } from 'p2p-video';

@Component({
  selector: 'app-player',
  imports: [P2PVideoDirective],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <p2p-video
      #player="p2pVideo"
      [src]="src"
      engine="hls"
      [trackers]="'ws://127.0.0.1:8000'"
      iceServers=""
      [config]="config"
      nop2p
      [noupload]="true"
      autoplay
      muted
      preload="metadata"
      (p2pstats)="onStats($event)"
      (p2psegmentload)="onSegment($event.detail)"
      (p2ppeerconnect)="peers = peers + $event.detail.peerId.length"
      (renditionchange)="rendition = $event.detail.index"
      (click)="player.element.play()"
    ></p2p-video>
  `,
})
export class PlayerComponent {
  src = 'https://example.invalid/master.m3u8';
  config: P2PVideoConfig = { p2p: { httpWindowSeconds: 6 } };
  peers = 0;
  rendition = -1;
  onStats(event: CustomEvent<P2PStats>): void {
    console.log(event.detail.p2pRatio);
  }
  onSegment(detail: P2PSegmentLoadDetail): void {
    console.log(detail.source);
  }
}
