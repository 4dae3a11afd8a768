/**
 * `P2PVideoDirective` (`p2p-video/angular`): typed template bindings for `<p2p-video>` in Angular.
 * Import it into a standalone component instead of (or next to) `CUSTOM_ELEMENTS_SCHEMA`:
 * inputs are type-checked and set the element's properties; `(p2pstats)="f($event)"` and the
 * other outputs give `$event` its type. Importing it registers the tags (like `p2p-video/define`).
 */
import { Directive, ElementRef, Input, booleanAttribute, inject, output } from '@angular/core';
import { P2PVideoElement } from '../elements/define.js';
import type { P2PVideoConfig } from '../elements/p2p-video-config.js';

/** Media attributes the element copies onto its `<video>`. */
type MediaAttribute = 'autoplay' | 'muted' | 'loop' | 'playsinline';

@Directive({ selector: 'p2p-video', standalone: true, exportAs: 'p2pVideo' })
export class P2PVideoDirective {
  /** The element, for calls such as `play()` through `#player="p2pVideo"` then `player.element`. */
  readonly element: P2PVideoElement = inject<ElementRef<P2PVideoElement>>(ElementRef).nativeElement;

  /** HLS (`.m3u8`) or DASH (`.mpd`) URL. */
  @Input() set src(value: string | null | undefined) { this.element.src = value ?? null; }
  /** `'hls'`, `'shaka'` or `'native'` instead of choosing by URL (the `engine` attribute). */
  @Input() set engine(value: 'hls' | 'shaka' | 'native' | null | undefined) { this.element.forcedEngine = value ?? null; }
  /** Space-separated WebTorrent tracker URLs. */
  @Input() set trackers(value: string | null | undefined) { this.element.trackers = value ?? null; }
  /** Space-separated STUN/TURN URLs (the `ice-servers` attribute); `''`: none. */
  @Input() set iceServers(value: string | null | undefined) { this.element.iceServers = value ?? null; }
  /** Viewers with the same swarm id share segments (the `swarm-id` attribute). */
  @Input() set swarmId(value: string | null | undefined) { this.element.swarmId = value ?? null; }
  /** Private swarm password (the `p2p-password` attribute). */
  @Input() set p2pPassword(value: string | null | undefined) { this.element.p2pPassword = value ?? null; }
  /** URL of the origin's segment hashes. */
  @Input() set integrity(value: string | null | undefined) { this.element.integrity = value ?? null; }
  /** Settings without attributes (P2P tuning, hls.js / Shaka config): a stable object. */
  @Input() set config(value: P2PVideoConfig | null | undefined) { this.element.config = value ?? {}; }
  /** HTTP only: no P2P. */
  @Input({ transform: booleanAttribute }) set nop2p(value: boolean) { this.element.noP2P = value; }
  /** Download from peers, never upload. */
  @Input({ transform: booleanAttribute }) set noupload(value: boolean) { this.element.noUpload = value; }
  /** Hides the built-in control bar. */
  @Input({ transform: booleanAttribute }) set nocontrols(value: boolean) { this.element.nocontrols = value; }
  /** As on `<video>`. */
  @Input({ transform: booleanAttribute }) set autoplay(value: boolean) { this.#toggle('autoplay', value); }
  /** As on `<video>` (the attribute: the muted state it starts with). */
  @Input({ transform: booleanAttribute }) set muted(value: boolean) { this.#toggle('muted', value); }
  /** As on `<video>`. */
  @Input({ transform: booleanAttribute }) set loop(value: boolean) { this.#toggle('loop', value); }
  /** As on `<video>`. */
  @Input({ transform: booleanAttribute }) set playsinline(value: boolean) { this.#toggle('playsinline', value); }
  /** As on `<video>`. */
  @Input() set poster(value: string | null | undefined) { this.#set('poster', value); }
  /** As on `<video>`. */
  @Input() set preload(value: 'none' | 'metadata' | 'auto' | '' | null | undefined) { this.#set('preload', value); }
  /** As on `<video>`. */
  @Input() set crossorigin(value: 'anonymous' | 'use-credentials' | '' | null | undefined) { this.#set('crossorigin', value); }

  // The outputs only type `$event` (strictTemplates): Angular already listens to the element's DOM
  // event of the same name (it does both for a matching output), so outputs that emitted too would
  // call each handler twice. In code, listen with `element.addEventListener(…)` (typed by
  // HTMLElementEventMap).
  /** P2P counters, about once a second while P2P runs. */
  readonly p2pstats = output<HTMLElementEventMap['p2pstats']>();
  /** A peer connected. */
  readonly p2ppeerconnect = output<HTMLElementEventMap['p2ppeerconnect']>();
  /** A peer disconnected. */
  readonly p2ppeerdisconnect = output<HTMLElementEventMap['p2ppeerdisconnect']>();
  /** A segment reached the player (`detail.source`: http, p2p or cache). */
  readonly p2psegmentload = output<HTMLElementEventMap['p2psegmentload']>();
  /** Something degrades P2P (not playback). */
  readonly p2pwarning = output<HTMLElementEventMap['p2pwarning']>();
  /** The rendition playing changed (`detail.index`). */
  readonly renditionchange = output<HTMLElementEventMap['renditionchange']>();
  /** `streamType` changed. */
  readonly streamtypechange = output<HTMLElementEventMap['streamtypechange']>();

  #toggle(name: MediaAttribute, on: boolean): void {
    this.element.toggleAttribute(name, on);
  }

  #set(name: 'poster' | 'preload' | 'crossorigin', value: string | null | undefined): void {
    if (value == null) this.element.removeAttribute(name);
    else this.element.setAttribute(name, value);
  }
}
