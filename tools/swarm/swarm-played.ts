/**
 * What a swarm actually played, and what one copy of it weighs: the denominator of the origin
 * traffic figure. A segment counts as played by a viewer when `video.played` covers a meaningful
 * part of it; the swarm's copy is the union over viewers (keyed by URL path), each segment once.
 */
import type { LoadedSegment, ProbeReport } from './swarm-viewer.ts';

/** Seconds of a segment that must have been played for it to count (avoids boundary slivers). */
const MIN_PLAYED_OVERLAP_SECONDS = 0.2;

function overlapSeconds(segment: LoadedSegment, played: [number, number][]): number {
  const start = segment.startSeconds;
  const end = start + segment.durationSeconds;
  let total = 0;
  for (const [a, b] of played) total += Math.max(0, Math.min(end, b) - Math.max(start, a));
  return total;
}

/**
 * Segments one viewer played. When the player loaded the same time slot twice (ABR switching
 * renditions), the one loaded last is what played.
 */
export function playedSegments(report: Pick<ProbeReport, 'segments' | 'played'>): LoadedSegment[] {
  const bySlot = new Map<string, LoadedSegment>();
  for (const segment of report.segments) {
    const needed = Math.min(MIN_PLAYED_OVERLAP_SECONDS, segment.durationSeconds / 2);
    if (overlapSeconds(segment, report.played) < needed) continue;
    const slot = `${segment.type}@${Math.round(segment.startSeconds * 10)}`;
    const previous = bySlot.get(slot);
    if (!previous || previous.loadedAtMs <= segment.loadedAtMs) bySlot.set(slot, segment);
  }
  return [...bySlot.values()];
}

export interface PlayedCopy {
  /** Bytes of one copy of every segment any viewer played. */
  bytes: number;
  segments: number;
  /** Seconds of media covered by those segments (video, or whatever type there is). */
  mediaSeconds: number;
}

/** One copy of what the swarm played: union over viewers by segment key. */
export function onePlayedCopy(reports: Pick<ProbeReport, 'segments' | 'played'>[]): PlayedCopy {
  const union = new Map<string, LoadedSegment>();
  for (const report of reports) {
    for (const segment of playedSegments(report)) {
      const known = union.get(segment.key);
      if (!known || known.bytes < segment.bytes) union.set(segment.key, segment);
    }
  }
  let bytes = 0;
  const secondsByType = new Map<string, number>();
  for (const segment of union.values()) {
    bytes += segment.bytes;
    secondsByType.set(segment.type, (secondsByType.get(segment.type) ?? 0) + segment.durationSeconds);
  }
  const mediaSeconds = secondsByType.get('video') ?? Math.max(0, ...secondsByType.values());
  return { bytes, segments: union.size, mediaSeconds };
}
