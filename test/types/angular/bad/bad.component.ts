/**
 * Templates that must NOT compile with p2p-video/angular under strictTemplates: one error per
 * binding marked BAD (test/package/angular-types.test.ts counts them).
 */
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import { P2PVideoDirective } from 'p2p-video/angular';

@Component({
  selector: 'app-bad',
  imports: [P2PVideoDirective],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <p2p-video [engine]="'flash'"></p2p-video>
    <p2p-video [config]="{ p2p: { httpWindowSecs: 6 } }"></p2p-video>
    <p2p-video (p2pstats)="onWrong($event)"></p2p-video>
    <p2p-video (p2ppeerconnect)="count($event.detail.peer)"></p2p-video>
  `,
})
export class BadComponent {
  /** BAD: p2pstats carries P2PStats, not a number. */
  onWrong(event: CustomEvent<number>): void {
    console.log(event.detail.toFixed());
  }
  count(value: unknown): void {
    console.log(value);
  }
}
