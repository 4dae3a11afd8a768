/**
 * A minimal parser for the VOD HLS media playlists our samples use (what the simulated live origin
 * needs to loop them): target duration, version, init segment, segment durations and URIs.
 * Not a general HLS parser: byte ranges, keys and parts are not read.
 */

/** One segment of a VOD media playlist. */
export interface HlsSegmentEntry {
  durationSec: number;
  /** As written in the playlist (relative to it). */
  uri: string;
}

/** What the live simulation needs from a VOD media playlist. */
export interface HlsMediaPlaylist {
  version: number;
  targetDurationSec: number;
  /** `#EXT-X-MAP` URI (fMP4 init segment), if any. */
  mapUri?: string;
  segments: HlsSegmentEntry[];
}

/** True when the text is a master (multivariant) playlist rather than a media playlist. */
export function isMasterPlaylist(text: string): boolean {
  return text.includes('#EXT-X-STREAM-INF');
}

/**
 * Parses a media playlist. Throws an Error naming `source` when the text is not one, or has no
 * segments or no target duration.
 */
export function parseHlsMediaPlaylist(text: string, source = 'playlist'): HlsMediaPlaylist {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new Error(`${source}: not an HLS playlist (no #EXTM3U)`);
  const playlist: HlsMediaPlaylist = { version: 1, targetDurationSec: 0, segments: [] };
  let pendingDurationSec: number | undefined;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-VERSION:')) playlist.version = Number(attrValue(line));
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) playlist.targetDurationSec = Number(attrValue(line));
    else if (line.startsWith('#EXT-X-MAP:')) playlist.mapUri = /URI="([^"]+)"/.exec(line)?.[1];
    else if (line.startsWith('#EXTINF:')) pendingDurationSec = Number.parseFloat(attrValue(line));
    else if (line && !line.startsWith('#')) {
      if (pendingDurationSec === undefined || !Number.isFinite(pendingDurationSec)) {
        throw new Error(`${source}: segment "${line}" has no valid #EXTINF`);
      }
      playlist.segments.push({ durationSec: pendingDurationSec, uri: line });
      pendingDurationSec = undefined;
    }
  }
  if (!(playlist.targetDurationSec > 0)) throw new Error(`${source}: no valid #EXT-X-TARGETDURATION`);
  if (playlist.segments.length === 0) throw new Error(`${source}: no segments`);
  return playlist;
}

function attrValue(line: string): string {
  return line.slice(line.indexOf(':') + 1);
}
