/**
 * What a fragmented MP4 segment says about itself, read from box headers (no decoding): an init
 * segment's tracks (id, timescale, size), a media segment's track ids and decode start (`tfdt`).
 */

export interface Fmp4Track {
  id: number;
  timescale: number;
  /** `tkhd` width/height in pixels (0 for audio). */
  width: number;
  height: number;
}

export interface Fmp4Probe {
  /** Tracks of an init segment (`moov`). */
  tracks?: Fmp4Track[];
  /** Media segment: `tfhd` track id → first `tfdt` baseMediaDecodeTime, in the track's timescale. */
  decodeTimes?: Map<number, number>;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'moof', 'traf']);

/** Walks the boxes that matter; O(number of boxes), no copies. Malformed parts are skipped. */
export function probeFmp4(bytes: Uint8Array): Fmp4Probe {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const probe: Fmp4Probe = {};
  walk(view, 0, bytes.byteLength, probe, undefined);
  return probe;
}

interface TrakState {
  track: Fmp4Track;
}

function walk(view: DataView, start: number, end: number, probe: Fmp4Probe, trak: TrakState | undefined): void {
  let trafTrack: number | undefined;
  for (let offset = start; offset + 8 <= end; ) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(view.getUint8(offset + 4), view.getUint8(offset + 5), view.getUint8(offset + 6), view.getUint8(offset + 7));
    let header = 8;
    if (size === 1 && offset + 16 <= end) {
      size = view.getUint32(offset + 8) * 2 ** 32 + view.getUint32(offset + 12);
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) return;
    const body = offset + header;
    if (type === 'trak') {
      const state: TrakState = { track: { id: 0, timescale: 0, width: 0, height: 0 } };
      walk(view, body, offset + size, probe, state);
      (probe.tracks ??= []).push(state.track);
    } else if (CONTAINERS.has(type)) {
      walk(view, body, offset + size, probe, trak);
    } else if (type === 'tkhd' && trak) {
      readTkhd(view, body, offset + size, trak.track);
    } else if (type === 'mdhd' && trak) {
      const version = view.getUint8(body);
      const at = body + (version === 1 ? 20 : 12);
      if (at + 4 <= offset + size) trak.track.timescale = view.getUint32(at);
    } else if (type === 'tfhd' && body + 8 <= offset + size) {
      trafTrack = view.getUint32(body + 4);
    } else if (type === 'tfdt' && trafTrack !== undefined) {
      const version = view.getUint8(body);
      const time = version === 1 && body + 12 <= offset + size
        ? view.getUint32(body + 4) * 2 ** 32 + view.getUint32(body + 8)
        : body + 8 <= offset + size ? view.getUint32(body + 4) : undefined;
      const times = (probe.decodeTimes ??= new Map());
      if (time !== undefined && !times.has(trafTrack)) times.set(trafTrack, time);
    }
    offset += size;
  }
}

function readTkhd(view: DataView, body: number, end: number, track: Fmp4Track): void {
  const version = view.getUint8(body);
  const idAt = body + (version === 1 ? 20 : 12);
  const sizeAt = body + (version === 1 ? 88 : 76);
  if (idAt + 4 <= end) track.id = view.getUint32(idAt);
  if (sizeAt + 8 <= end) {
    track.width = view.getUint32(sizeAt) / 65536;
    track.height = view.getUint32(sizeAt + 4) / 65536;
  }
}
