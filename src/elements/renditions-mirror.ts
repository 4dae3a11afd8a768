/**
 * Mirrors a loader's renditions into the host's media-tracks `videoRenditions` list (what
 * media-chrome's rendition menu reads), and a selection made there back into the loader.
 */
import type { MediaLoader, Rendition } from '../loaders/media-loader.js';
import type { VideoRenditionList, VideoTrack } from 'media-tracks';

/** The part of media-tracks' `MediaTracksMixin` the mirror uses. */
export interface RenditionsHost {
  readonly videoRenditions: VideoRenditionList;
  addVideoTrack(kind: string, label?: string, language?: string): VideoTrack;
  removeVideoTrack(track: VideoTrack): void;
}

export class RenditionsMirror {
  readonly #host: RenditionsHost;
  #track: VideoTrack | undefined;
  #loader: MediaLoader | undefined;

  constructor(host: RenditionsHost) {
    this.#host = host;
    host.videoRenditions.addEventListener('change', this.#onChange);
  }

  /** Replaces the list with `renditions` of `loader`. */
  show(loader: MediaLoader, renditions: readonly Rendition[]): void {
    this.clear();
    this.#loader = loader;
    const track = this.#host.addVideoTrack('main');
    track.selected = true;
    for (const rendition of renditions) {
      const entry = track.addRendition('', rendition.width, rendition.height, rendition.codecs, rendition.bitrate);
      entry.id = rendition.id;
    }
    this.#track = track;
    this.#host.videoRenditions.selectedIndex = loader.selectedRendition;
  }

  clear(): void {
    if (this.#track) this.#host.removeVideoTrack(this.#track);
    this.#track = undefined;
    this.#loader = undefined;
  }

  readonly #onChange = (): void => {
    const index = this.#host.videoRenditions.selectedIndex;
    if (this.#loader && this.#loader.selectedRendition !== index) this.#loader.selectedRendition = index;
  };
}
