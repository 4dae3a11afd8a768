/** Audio tracks as the audio menu shows them: ids, labels, comparison and index checks, for every engine. */
import type { AudioTrackInfo } from './media-loader.js';

/** What an engine tells about one audio track. */
export interface AudioTrackFacts {
  language?: string | null;
  /** The manifest's name for it (HLS `NAME`, DASH `Label`), if any. */
  name?: string | null;
  /** Anything else that tells two tracks of one language apart (roles, channels, group). */
  variant?: string;
}

/** Infos in input order; a track without a name is labelled by its language, else "Audio N". */
export function toAudioTrackInfos(tracks: readonly AudioTrackFacts[]): AudioTrackInfo[] {
  const used = new Map<string, number>();
  return tracks.map(({ language, name, variant }, index) => {
    const base = [language ?? '', name ?? '', variant ?? ''].join('|');
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    return {
      // Unique even where the engine lists two tracks the same way: the menu selects by id.
      id: seen === 0 ? base : `${base}|${seen}`,
      language: language ?? '',
      label: name || language || `Audio ${index + 1}`,
    };
  });
}

/** Same tracks in the same order (labels aside): the menu need not be rebuilt. */
export function sameAudioTracks(a: readonly AudioTrackInfo[], b: readonly AudioTrackInfo[]): boolean {
  return a.length === b.length && a.every((track, i) => track.id === b[i].id);
}

/** Throws a `RangeError` unless `index` is an index into `count` audio tracks. */
export function assertAudioTrackIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`selectedAudioTrack must be an index below ${count}, got ${index}`);
  }
}
