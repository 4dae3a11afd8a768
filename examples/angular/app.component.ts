import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { P2PStats } from 'p2p-video';
import { P2PVideoDirective } from 'p2p-video/angular';

// Where the sample stream and the tracker live: `?origin=…&tracker=…` (set by examples/serve.ts).
const params = new URLSearchParams(location.search);
const origin = params.get('origin') ?? `http://${location.hostname}:8180`;
const tracker = params.get('tracker') ?? `ws://${location.hostname}:8190`;

@Component({
  selector: 'app-root',
  // P2PVideoDirective types the bindings of <p2p-video> (inputs, and `$event` of its events);
  // CUSTOM_ELEMENTS_SCHEMA tells Angular the tag itself is a custom element.
  imports: [P2PVideoDirective],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>&lt;p2p-video&gt; — Angular</h1>
    <!-- Inputs of P2PVideoDirective ([src], [trackers], [config], autoplay …) set the element's
         properties and attributes; (p2pstats) listens to the event, $event typed. -->
    <p2p-video
      [src]="src"
      [trackers]="tracker"
      ice-servers=""
      [config]="config"
      autoplay
      muted
      playsinline
      style="display: block; width: 100%; max-width: 48rem; aspect-ratio: 16 / 9"
      (p2pstats)="onStats($event)"
    ></p2p-video>
    <p id="p2p-stats">
      p2pstats events: {{ events() }}
      @if (stats(); as s) {
        · peers: {{ s.peers }} · HTTP {{ s.httpBytes }} B · P2P {{ s.p2pBytes }} B
      }
    </p>
  `,
})
export class AppComponent {
  readonly src = `${origin}/vod/hls-ts/master.m3u8`;
  readonly tracker = tracker;
  readonly config = { p2p: { httpWindowSeconds: 6 }, hls: { maxBufferLength: 30 } };
  readonly events = signal(0);
  readonly stats = signal<P2PStats | undefined>(undefined);

  onStats(event: CustomEvent<P2PStats>): void {
    this.events.update((n) => n + 1);
    this.stats.set(event.detail);
  }
}
