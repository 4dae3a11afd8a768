/**
 * LitElement with media-tracks' API (`videoTracks`, `videoRenditions`, …), the base of
 * `<p2p-video>`: media-chrome's rendition menu reads `videoRenditions`, its audio track menu `audioTracks`.
 */
import { LitElement } from 'lit';
import { MediaTracksMixin } from 'media-tracks';
import type { AudioRenditionList, VideoTrackList } from 'media-tracks';
import type { RenditionsHost } from './renditions-mirror.js';
import type { AudioTracksHost } from './audio-tracks-mirror.js';

/** The part of media-tracks' API the element gains (media-chrome's rendition menu reads `videoRenditions`). */
interface MediaTracksApi extends RenditionsHost, AudioTracksHost {
  readonly videoTracks: VideoTrackList;
  readonly audioRenditions: AudioRenditionList;
}

// media-tracks patches the prototype of the class it is given: give it one of our own, not LitElement's.
export class MediaTracksLitElement extends LitElement {}
MediaTracksMixin(MediaTracksLitElement);
// The mixin's additions, for TypeScript.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface MediaTracksLitElement extends MediaTracksApi {}
