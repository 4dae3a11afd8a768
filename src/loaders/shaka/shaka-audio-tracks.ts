/**
 * Shaka's audio tracks (`getAudioTracks()`: those that play with the current video) as
 * `audiotracks` loader events, and the element's choice back into `selectAudioTrack()`.
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import { assertAudioTrackIndex, sameAudioTracks, toAudioTrackInfos } from '../audio-track-list.js';
import type { AudioTrackInfo, MediaLoaderOptions } from '../media-loader.js';

type AudioTrack = shakaNamespace.extern.AudioTrack;

export function shakaAudioTrackInfos(tracks: readonly AudioTrack[]): AudioTrackInfo[] {
  return toAudioTrackInfos(tracks.map((track) => ({
    language: track.language,
    name: track.label,
    variant: [track.roles.join(','), track.channelsCount ?? ''].join('|'),
  })));
}

export interface ShakaAudioTracksOptions {
  player: shakaNamespace.Player;
  emit: MediaLoaderOptions['emit'];
}

export class ShakaAudioTracks {
  readonly #player: shakaNamespace.Player;
  readonly #emit: MediaLoaderOptions['emit'];
  #raw: AudioTrack[] = [];
  #tracks: AudioTrackInfo[] = [];
  #selected = -1;

  constructor({ player, emit }: ShakaAudioTracksOptions) {
    this.#player = player;
    this.#emit = emit;
    // Listeners go with player.destroy(). `audiotrackschanged` fires when the audio playing changes.
    for (const type of ['trackschanged', 'variantchanged', 'audiotrackschanged']) player.addEventListener(type, this.update);
  }

  get selected(): number {
    return this.#selected;
  }

  set selected(index: number) {
    assertAudioTrackIndex(index, this.#tracks.length);
    this.#player.selectAudioTrack(this.#raw[index]);
    this.update();
  }

  /** Reads the tracks again and reports them if anything changed. Call once the manifest is loaded. */
  readonly update = (): void => {
    const raw = this.#player.getAudioTracks();
    const tracks = shakaAudioTrackInfos(raw);
    const selected = raw.findIndex((track) => track.active);
    this.#raw = raw;
    if (sameAudioTracks(tracks, this.#tracks) && selected === this.#selected) return;
    this.#tracks = tracks;
    this.#selected = selected;
    this.#emit('audiotracks', { tracks, selected });
  };
}
