/**
 * What an MPEG-TS segment says about itself, read from packet headers, the PAT/PMT and PES
 * headers (no decoding): the program's elementary streams, the first and last timestamps of
 * its first stream, and the video's parameter set (which differs between resolutions).
 */
import { TS_PACKET_BYTES, TS_SYNC_BYTE } from './check-mpeg-ts.js';

export interface MpegTsProbe {
  /** `pid:stream_type` of every elementary stream in PMT order, e.g. "256:27,257:15"; undefined without a PMT. */
  programStreams?: string;
  /** The PID the timestamps below are read from: the first stream of the PMT (or the first PES with a PTS). */
  timedPid?: number;
  /** PTS of the first PES of `timedPid`, seconds (33-bit, 90 kHz). */
  firstPtsSeconds?: number;
  /** Largest PTS of `timedPid`, seconds (B-frames make PTS non-monotonic). */
  maxPtsSeconds?: number;
  /** Hex of the first H.264 SPS / HEVC SPS NAL unit of the video stream, when the segment carries one. */
  videoParameterSet?: string;
}

const PTS_HZ = 90_000;
const H264 = 0x1b;
const HEVC = 0x24;
/** Bytes of the first video PES collected to find its SPS (it sits right after the AUD). */
const SPS_SEARCH_BYTES = 4096;

/** One pass over the packets; O(n / 188), copies only the first video PES' first 4 KiB. */
export function probeMpegTs(bytes: Uint8Array): MpegTsProbe {
  const probe: MpegTsProbe = {};
  let pmtPid: number | undefined;
  let videoPid: number | undefined;
  let videoCodec = 0;
  let videoBytes: number[] | undefined;
  for (let offset = 0; offset + TS_PACKET_BYTES <= bytes.byteLength; offset += TS_PACKET_BYTES) {
    if (bytes[offset] !== TS_SYNC_BYTE) continue;
    const pid = ((bytes[offset + 1]! & 0x1f) << 8) | bytes[offset + 2]!;
    const unitStart = (bytes[offset + 1]! & 0x40) !== 0;
    const payload = payloadOffset(bytes, offset);
    if (payload === undefined) continue;
    if (pid === 0 && unitStart && pmtPid === undefined) {
      pmtPid = readPat(bytes, payload, offset + TS_PACKET_BYTES);
    } else if (pid === pmtPid && unitStart && probe.programStreams === undefined) {
      const streams = readPmt(bytes, payload, offset + TS_PACKET_BYTES);
      probe.programStreams = streams.map(([esPid, type]) => `${esPid}:${type}`).join(',');
      probe.timedPid ??= streams[0]?.[0];
      const video = streams.find(([, type]) => type === H264 || type === HEVC);
      [videoPid, videoCodec] = video ?? [undefined, 0];
    } else if (pid !== 0 && pid !== pmtPid && pid !== 0x1fff) {
      if (unitStart) readPesTiming(bytes, payload, pid, probe);
      if (pid === videoPid && probe.videoParameterSet === undefined) {
        if (unitStart && videoBytes === undefined) videoBytes = [];
        else if (unitStart && videoBytes) {
          probe.videoParameterSet = findSps(videoBytes, videoCodec);
          videoBytes = [];
        }
        if (videoBytes && videoBytes.length < SPS_SEARCH_BYTES) {
          for (let i = payload; i < offset + TS_PACKET_BYTES; i++) videoBytes.push(bytes[i]!);
          if (videoBytes.length >= SPS_SEARCH_BYTES) probe.videoParameterSet = findSps(videoBytes, videoCodec) ?? '';
        }
      }
    }
  }
  if (probe.videoParameterSet === undefined && videoBytes) probe.videoParameterSet = findSps(videoBytes, videoCodec);
  if (probe.videoParameterSet === '') delete probe.videoParameterSet;
  return probe;
}

/** Offset of the packet's payload, or undefined when it has none. */
function payloadOffset(bytes: Uint8Array, offset: number): number | undefined {
  const control = (bytes[offset + 3]! & 0x30) >> 4;
  if (control === 1) return offset + 4;
  if (control === 3) {
    const start = offset + 5 + bytes[offset + 4]!;
    return start < offset + TS_PACKET_BYTES ? start : undefined;
  }
  return undefined;
}

/** The PMT PID of the first program in a PAT section. */
function readPat(bytes: Uint8Array, payload: number, end: number): number | undefined {
  const section = payload + 1 + bytes[payload]!;
  const sectionEnd = Math.min(end, section + 3 + (((bytes[section + 1]! & 0x0f) << 8) | bytes[section + 2]!) - 4);
  for (let entry = section + 8; entry + 4 <= sectionEnd; entry += 4) {
    const program = (bytes[entry]! << 8) | bytes[entry + 1]!;
    if (program !== 0) return ((bytes[entry + 2]! & 0x1f) << 8) | bytes[entry + 3]!;
  }
  return undefined;
}

/** `[pid, stream_type]` of each elementary stream in a PMT section (which fits one packet in HLS). */
function readPmt(bytes: Uint8Array, payload: number, end: number): Array<[number, number]> {
  const section = payload + 1 + bytes[payload]!;
  const sectionEnd = Math.min(end, section + 3 + (((bytes[section + 1]! & 0x0f) << 8) | bytes[section + 2]!) - 4);
  const programInfoBytes = ((bytes[section + 10]! & 0x0f) << 8) | bytes[section + 11]!;
  const streams: Array<[number, number]> = [];
  for (let entry = section + 12 + programInfoBytes; entry + 5 <= sectionEnd; ) {
    const type = bytes[entry]!;
    const pid = ((bytes[entry + 1]! & 0x1f) << 8) | bytes[entry + 2]!;
    streams.push([pid, type]);
    entry += 5 + (((bytes[entry + 3]! & 0x0f) << 8) | bytes[entry + 4]!);
  }
  return streams;
}

function readPesTiming(bytes: Uint8Array, payload: number, pid: number, probe: MpegTsProbe): void {
  if (bytes[payload] !== 0 || bytes[payload + 1] !== 0 || bytes[payload + 2] !== 1) return;
  if ((bytes[payload + 7]! & 0x80) === 0 || payload + 14 > bytes.byteLength) return;
  probe.timedPid ??= pid;
  if (pid !== probe.timedPid) return;
  const p = payload + 9;
  const pts = ((bytes[p]! >> 1) & 0x07) * 2 ** 30 + (bytes[p + 1]! << 22) + ((bytes[p + 2]! >> 1) << 15) + (bytes[p + 3]! << 7) + (bytes[p + 4]! >> 1);
  const seconds = pts / PTS_HZ;
  probe.firstPtsSeconds ??= seconds;
  if (probe.maxPtsSeconds === undefined || seconds > probe.maxPtsSeconds) probe.maxPtsSeconds = seconds;
}

/** Hex of the SPS NAL unit in a PES (its header skipped by the start-code scan). */
function findSps(pes: readonly number[], codec: number): string | undefined {
  for (let i = 0; i + 3 < pes.length; i++) {
    if (pes[i] !== 0 || pes[i + 1] !== 0 || pes[i + 2] !== 1) continue;
    const header = pes[i + 3]!;
    const isSps = codec === HEVC ? ((header >> 1) & 0x3f) === 33 : (header & 0x1f) === 7;
    if (!isSps) continue;
    let end = i + 3;
    while (end + 2 < pes.length && !(pes[end] === 0 && pes[end + 1] === 0 && pes[end + 2]! <= 1)) end++;
    return pes.slice(i + 3, end).map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }
  return undefined;
}
