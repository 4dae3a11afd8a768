/**
 * hls.js' alternate audio renditions (`#EXT-X-MEDIA:TYPE=AUDIO`) as `audiotracks` loader events,
 * and the element's choice back into `hls.audioTrack`. `hls.audioTracks` lists the tracks of the
 * audio group of the current level; `hls.audioTrack` is an index into it.
 */
import type Hls from 'hls.js';
import type { AudioTracksUpdatedData, MediaPlaylist } from 'hls.js';
import { assertAudioTrackIndex, toAudioTrackInfos } from '../audio-track-list.js';
import type { AudioTrackInfo, MediaLoaderOptions } from '../media-loader.js';

export function hlsAudioTrackInfos(tracks: readonly MediaPlaylist[]): AudioTrackInfo[] {
  return toAudioTrackInfos(tracks.map((track) => ({
    language: track.lang,
    name: track.name,
    variant: [track.characteristics ?? '', track.channels ?? ''].join('|'),
  })));
}

export interface HlsJsAudioTracksOptions {
  hls: Hls;
  Events: typeof Hls.Events;
  emit: MediaLoaderOptions['emit'];
}

export class HlsJsAudioTracks {
  readonly #hls: Hls;
  readonly #emit: MediaLoaderOptions['emit'];
  #tracks: AudioTrackInfo[] = [];

  constructor({ hls, Events, emit }: HlsJsAudioTracksOptions) {
    this.#hls = hls;
    this.#emit = emit;
    // Listeners go with hls.destroy().
    hls.on(Events.AUDIO_TRACKS_UPDATED, (_event, data: AudioTracksUpdatedData) => {
      this.#tracks = hlsAudioTrackInfos(data.audioTracks);
      this.#report(hls.audioTrack);
    });
    // SWITCHING also comes for the first track (picked after AUDIO_TRACKS_UPDATED), SWITCHED once
    // the new audio is buffered. Their `id` is the track's id in the manifest, not an index.
    hls.on(Events.AUDIO_TRACK_SWITCHING, () => this.#report(hls.audioTrack));
    hls.on(Events.AUDIO_TRACK_SWITCHED, () => this.#report(hls.audioTrack));
  }

  get selected(): number {
    return this.#hls.audioTrack;
  }

  set selected(index: number) {
    assertAudioTrackIndex(index, this.#tracks.length);
    this.#hls.audioTrack = index;
  }

  #report(selected: number): void {
    this.#emit('audiotracks', { tracks: this.#tracks, selected: selected < this.#tracks.length ? selected : -1 });
  }
}
