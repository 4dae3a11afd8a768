/**
 * What each stream's segments look like, learnt from bytes we trust (the origin's, or a peer's
 * that matched the integrity file), and the checks peer bytes without a hash must pass against
 * it: the same container, the same program (TS PMT stream types and PIDs), the same video
 * parameter set (TS SPS: another resolution has another one), fMP4 track ids and an identical
 * init segment, and a first timestamp where the manifest says the segment starts (TS PTS of the
 * first PES, fMP4 `tfdt` / the init's timescale) plus, for TS, a span that fills its duration.
 * A peer's bytes never teach anything: only `learn()` does.
 */
import { checkContainer, ContainerKind, type ContainerCheckResult } from './containers/container-check.js';
import { probeFmp4, type Fmp4Track } from './containers/probe-fmp4.js';
import { probeMpegTs } from './containers/probe-mpeg-ts.js';

/** A segment as the manifest places it. */
export interface ProfileSegment {
  streamId: string;
  /** Presentation start from the manifest, seconds. */
  startTime?: number;
  /** Seconds; 0 for init segments. */
  duration?: number;
}

interface StreamProfile {
  container: ContainerKind;
  programStreams: Set<string>;
  parameterSets: Set<string>;
  tracks: Map<number, Fmp4Track>;
  inits: Uint8Array[];
  /** Media time minus manifest start time of trusted segments, by start time (newest last). */
  offsets: Array<{ startTime: number; offset: number }>;
  /** Duration minus (last PTS − first PTS) of trusted TS segments: about one frame. */
  spanDeficit?: number;
}

const MAX_STREAMS = 64;
const MAX_OFFSETS = 64;
/** More distinct values than this from the origin: the packager varies them, the check is off. */
const MAX_VARIANTS = 8;
const MAX_INITS = 4;
/** TS timestamps wrap at 2^33 ticks of 90 kHz. */
const PTS_WRAP_SECONDS = 2 ** 33 / 90_000;

export class StreamProfiles {
  readonly #profiles = new Map<string, StreamProfile>();

  /** Learns from trusted bytes (origin, or hash-verified). Never throws for bad bytes. */
  learn(segment: ProfileSegment, bytes: Uint8Array): void {
    const detected = checkContainer(bytes);
    const profile = this.#profileFor(segment.streamId, detected.container);
    profile.container = detected.container;
    if (detected.container === ContainerKind.MpegTs) this.#learnTs(profile, segment, bytes);
    else if (detected.container === ContainerKind.Fmp4) this.#learnFmp4(profile, segment, bytes);
  }

  /** The container check plus the checks against what the stream's trusted segments showed. */
  check(segment: ProfileSegment, bytes: Uint8Array): ContainerCheckResult {
    const detected = checkContainer(bytes);
    if (!detected.ok) return detected;
    const profile = this.#profiles.get(segment.streamId);
    const reject = (reason: string): ContainerCheckResult => ({ ok: false, container: detected.container, reason });
    if (!profile) {
      // A stream not fetched from the origin yet: if every stream learnt is a recognised container,
      // bytes nothing recognises are not one of this presentation's segments.
      const learnt = [...this.#profiles.values()];
      if (!detected.checked && learnt.length > 0 && learnt.every((p) => p.container !== ContainerKind.Unknown)) {
        return reject(`these bytes are no known container; the presentation's streams carry ${[...new Set(learnt.map((p) => p.container))].join(', ')}`);
      }
      return detected;
    }
    if (profile.container === ContainerKind.Unknown) return detected;
    if (detected.container !== profile.container) {
      return reject(`stream carries ${profile.container} segments (learnt from the origin), these bytes are ${detected.container}`);
    }
    const problem = detected.container === ContainerKind.MpegTs ? checkTs(profile, segment, bytes) : detected.container === ContainerKind.Fmp4 ? checkFmp4(profile, segment, bytes) : undefined;
    return problem === undefined ? detected : reject(problem);
  }

  #profileFor(streamId: string, container: ContainerKind): StreamProfile {
    let profile = this.#profiles.get(streamId);
    if (!profile || profile.container !== container) {
      if (!profile && this.#profiles.size >= MAX_STREAMS) this.#profiles.delete(this.#profiles.keys().next().value!);
      profile = { container, programStreams: new Set(), parameterSets: new Set(), tracks: new Map(), inits: [], offsets: [] };
      this.#profiles.set(streamId, profile);
    }
    return profile;
  }

  #learnTs(profile: StreamProfile, segment: ProfileSegment, bytes: Uint8Array): void {
    const probe = probeMpegTs(bytes);
    if (probe.programStreams !== undefined) addVariant(profile.programStreams, probe.programStreams);
    if (probe.videoParameterSet !== undefined) addVariant(profile.parameterSets, probe.videoParameterSet);
    if (probe.firstPtsSeconds === undefined || segment.startTime === undefined) return;
    addOffset(profile, segment.startTime, probe.firstPtsSeconds - segment.startTime);
    if (segment.duration && probe.maxPtsSeconds !== undefined) {
      profile.spanDeficit = segment.duration - wrapPts(probe.maxPtsSeconds - probe.firstPtsSeconds);
    }
  }

  #learnFmp4(profile: StreamProfile, segment: ProfileSegment, bytes: Uint8Array): void {
    const probe = probeFmp4(bytes);
    if (probe.tracks) {
      for (const track of probe.tracks) profile.tracks.set(track.id, track);
      if (!profile.inits.some((init) => sameBytes(init, bytes))) profile.inits = [...profile.inits, bytes.slice()].slice(-MAX_INITS);
      return;
    }
    const timed = timedTrack(profile, probe.decodeTimes);
    if (timed && segment.startTime !== undefined) addOffset(profile, segment.startTime, timed.seconds - segment.startTime);
  }
}

function checkTs(profile: StreamProfile, segment: ProfileSegment, bytes: Uint8Array): string | undefined {
  const probe = probeMpegTs(bytes);
  if (profile.programStreams.size > 0 && profile.programStreams.size <= MAX_VARIANTS && !profile.programStreams.has(probe.programStreams ?? '')) {
    return `MPEG-TS program (PID:stream type) ${probe.programStreams ?? 'missing'} is not this stream's (${[...profile.programStreams].join(' / ')})`;
  }
  const sps = probe.videoParameterSet;
  if (sps !== undefined && profile.parameterSets.size > 0 && profile.parameterSets.size <= MAX_VARIANTS && !profile.parameterSets.has(sps)) {
    return 'MPEG-TS video parameter set (SPS) differs from this stream\'s: another rendition or encoding';
  }
  if (profile.offsets.length === 0 || segment.startTime === undefined) return undefined;
  if (probe.firstPtsSeconds === undefined) return 'MPEG-TS segment carries no PTS on its first stream';
  const timing = checkStart({ profile, segment, mediaSeconds: probe.firstPtsSeconds, wraps: true });
  if (timing) return timing;
  if (profile.spanDeficit === undefined || !segment.duration || probe.maxPtsSeconds === undefined) return undefined;
  const span = wrapPts(probe.maxPtsSeconds - probe.firstPtsSeconds);
  const expected = segment.duration - profile.spanDeficit;
  const tolerance = Math.max(0.25, 0.25 * segment.duration);
  if (Math.abs(span - expected) > tolerance) {
    return `MPEG-TS timestamps span ${span.toFixed(3)} s, a ${segment.duration} s segment spans ~${expected.toFixed(3)} s (truncated or spliced)`;
  }
  return undefined;
}

function checkFmp4(profile: StreamProfile, segment: ProfileSegment, bytes: Uint8Array): string | undefined {
  const probe = probeFmp4(bytes);
  if (probe.tracks) {
    if (profile.inits.length > 0 && !profile.inits.some((init) => sameBytes(init, bytes))) return "fMP4 init segment differs from the origin's for this stream";
    return undefined;
  }
  if (profile.tracks.size > 0) {
    for (const id of probe.decodeTimes?.keys() ?? []) {
      if (!profile.tracks.has(id)) return `fMP4 track id ${id} is not one of this stream's (${[...profile.tracks.keys()].join(', ')})`;
    }
  }
  const timed = timedTrack(profile, probe.decodeTimes);
  if (profile.offsets.length === 0 || segment.startTime === undefined || profile.tracks.size === 0) return undefined;
  if (!timed) return "fMP4 segment has no 'tfdt' on a known track";
  return checkStart({ profile, segment, mediaSeconds: timed.seconds, wraps: false });
}

/** The first timestamp must sit where the manifest starts the segment, by the offset learnt nearest to it. */
function checkStart(options: { profile: StreamProfile; segment: ProfileSegment; mediaSeconds: number; wraps: boolean }): string | undefined {
  const { profile, segment, mediaSeconds, wraps } = options;
  const startTime = segment.startTime!;
  let nearest = profile.offsets[0]!;
  for (const entry of profile.offsets) if (Math.abs(entry.startTime - startTime) < Math.abs(nearest.startTime - startTime)) nearest = entry;
  const drift = mediaSeconds - startTime - nearest.offset;
  const error = Math.abs(wraps ? wrapPts(drift) : drift);
  const tolerance = Math.max(0.25, Math.min(1, 0.4 * (segment.duration || 1)));
  if (error <= tolerance) return undefined;
  return `first timestamp ${mediaSeconds.toFixed(3)} s is ${error.toFixed(3)} s from where the manifest starts this segment (${startTime.toFixed(3)} s): another segment`;
}

/** Seconds of the lowest known track's decode start (the same track every time). */
function timedTrack(profile: StreamProfile, decodeTimes: ReadonlyMap<number, number> | undefined): { seconds: number } | undefined {
  let best: { id: number; seconds: number } | undefined;
  for (const [id, time] of decodeTimes ?? []) {
    const timescale = profile.tracks.get(id)?.timescale;
    if (timescale && (best === undefined || id < best.id)) best = { id, seconds: time / timescale };
  }
  return best;
}

function addOffset(profile: StreamProfile, startTime: number, offset: number): void {
  profile.offsets = profile.offsets.filter((entry) => entry.startTime !== startTime);
  profile.offsets.push({ startTime, offset });
  if (profile.offsets.length > MAX_OFFSETS) profile.offsets.shift();
}

function addVariant(set: Set<string>, value: string): void {
  if (set.size <= MAX_VARIANTS) set.add(value);
}

/** A PTS difference folded into (−wrap/2, wrap/2]. */
function wrapPts(seconds: number): number {
  const folded = ((seconds % PTS_WRAP_SECONDS) + PTS_WRAP_SECONDS) % PTS_WRAP_SECONDS;
  return folded > PTS_WRAP_SECONDS / 2 ? folded - PTS_WRAP_SECONDS : folded;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
