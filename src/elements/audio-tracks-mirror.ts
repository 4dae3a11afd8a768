/**
 * Mirrors a loader's audio tracks into the host's media-tracks `audioTracks` list (what
 * media-chrome's audio track menu reads), and a track enabled there (`track.enabled = true`, as
 * the menu does) back into the loader. One track is enabled at a time: the one the engine plays.
 */
import type { AudioTrackInfo, MediaLoader } from '../loaders/media-loader.js';
import type { AudioTrack, AudioTrackList } from 'media-tracks';

/** The part of media-tracks' `MediaTracksMixin` the mirror uses. */
export interface AudioTracksHost {
  readonly audioTracks: AudioTrackList;
  addAudioTrack(kind: string, label?: string, language?: string): AudioTrack;
  removeAudioTrack(track: AudioTrack): void;
}

export interface AudioTracksUpdate {
  tracks: readonly AudioTrackInfo[];
  /** Index of the track playing, -1 while unknown. */
  selected: number;
}

export class AudioTracksMirror {
  readonly #host: AudioTracksHost;
  #tracks: AudioTrack[] = [];
  #loader: MediaLoader | undefined;
  /** The index the engine plays, as last reported: a `change` to it is our own echo. */
  #selected = -1;

  constructor(host: AudioTracksHost) {
    this.#host = host;
    host.audioTracks.addEventListener('change', this.#onChange);
  }

  /** Shows `update` of `loader`: rebuilds the list when the tracks differ, else only moves `enabled`. */
  show(loader: MediaLoader | undefined, { tracks, selected }: AudioTracksUpdate): void {
    if (!loader) return;
    const same = loader === this.#loader && tracks.length === this.#tracks.length && tracks.every((t, i) => t.id === this.#tracks[i].id);
    if (!same) {
      this.clear();
      this.#loader = loader;
      this.#tracks = tracks.map((info, index) => {
        const track = this.#host.addAudioTrack(index === 0 ? 'main' : 'alternative', info.label, info.language);
        track.id = info.id;
        return track;
      });
    }
    this.#selected = selected;
    this.#tracks.forEach((track, index) => (track.enabled = index === selected));
  }

  clear(): void {
    for (const track of this.#tracks) this.#host.removeAudioTrack(track);
    this.#tracks = [];
    this.#loader = undefined;
    this.#selected = -1;
  }

  readonly #onChange = (): void => {
    // A page (or the menu) enabled a track: the first enabled one that is not the engine's is the pick.
    const picked = this.#tracks.findIndex((track, index) => track.enabled && index !== this.#selected);
    if (picked === -1 || !this.#loader || this.#loader.selectedAudioTrack === undefined) return;
    this.#selected = picked;
    this.#tracks.forEach((track, index) => (track.enabled = index === picked));
    this.#loader.selectedAudioTrack = picked;
  };
}
