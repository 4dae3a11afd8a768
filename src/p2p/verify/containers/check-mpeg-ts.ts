/** MPEG-TS sanity check: packet framing and header fields, no hashes. */

export const TS_PACKET_BYTES = 188;
export const TS_SYNC_BYTE = 0x47;

/**
 * More distinct PIDs than this in one segment is not a real HLS stream (ffmpeg writes 5–6:
 * PAT, PMT, SDT, video, audio, null). It catches bytes that keep the sync byte but scramble the rest.
 */
const MAX_DISTINCT_PIDS = 64;

/** How many packet starts detection samples. */
const PROBE_PACKETS = 8;

/**
 * True when the bytes carry a 188-byte lattice of sync bytes: at the packet starts, or shifted
 * (a segment missing its first bytes is still recognised, so it fails the check instead of
 * passing as unknown). At least 5 of the first 8 packet starts must hold 0x47 (or every one of
 * fewer): random bytes, e.g. AES-128 encrypted segments, match about once in 10^8.
 */
export function looksLikeMpegTs(bytes: Uint8Array): boolean {
  if (bytes[0] === TS_SYNC_BYTE && (bytes.byteLength <= TS_PACKET_BYTES || bytes[TS_PACKET_BYTES] === TS_SYNC_BYTE)) {
    return true;
  }
  const packets = Math.min(PROBE_PACKETS, Math.floor(bytes.byteLength / TS_PACKET_BYTES));
  if (packets < 3) return false;
  const needed = packets === PROBE_PACKETS ? 5 : packets;
  for (let shift = 0; shift < TS_PACKET_BYTES; shift++) {
    let hits = 0;
    for (let packet = 0; packet < packets; packet++) {
      if (bytes[shift + packet * TS_PACKET_BYTES] === TS_SYNC_BYTE) hits += 1;
    }
    if (hits >= needed) return true;
  }
  return false;
}

/**
 * Checks MPEG-TS framing in one pass over the packet headers (O(n / 188), no copies).
 * @returns undefined when the bytes look like a valid transport stream, otherwise the reason.
 */
export function checkMpegTs(bytes: Uint8Array): string | undefined {
  const length = bytes.byteLength;
  if (length % TS_PACKET_BYTES !== 0) {
    return `MPEG-TS length ${length} is not a multiple of ${TS_PACKET_BYTES} (truncated or padded)`;
  }
  const seenPids = new Uint8Array(8192);
  let distinctPids = 0;
  for (let offset = 0; offset < length; offset += TS_PACKET_BYTES) {
    const problem = checkPacketHeader(bytes, offset);
    if (problem !== undefined) return `MPEG-TS packet at byte ${offset}: ${problem}`;
    const pid = ((bytes[offset + 1]! & 0x1f) << 8) | bytes[offset + 2]!;
    if (seenPids[pid] === 0) {
      seenPids[pid] = 1;
      distinctPids += 1;
      if (distinctPids > MAX_DISTINCT_PIDS) return `MPEG-TS uses more than ${MAX_DISTINCT_PIDS} PIDs`;
    }
  }
  return undefined;
}

function checkPacketHeader(bytes: Uint8Array, offset: number): string | undefined {
  if (bytes[offset] !== TS_SYNC_BYTE) return `sync byte is 0x${bytes[offset]!.toString(16)}, expected 0x47`;
  if ((bytes[offset + 1]! & 0x80) !== 0) return 'transport error indicator set';
  const flags = bytes[offset + 3]!;
  // HLS encrypts whole segments (AES-128) or samples (SAMPLE-AES), never with TS scrambling.
  if ((flags & 0xc0) !== 0) return 'scrambling control set';
  const adaptationControl = (flags & 0x30) >> 4;
  if (adaptationControl === 0) return 'reserved adaptation_field_control 00';
  if (adaptationControl === 1) return undefined;
  const adaptationLength = bytes[offset + 4]!;
  // 2 = adaptation field only: it fills the packet. 3 = adaptation field then payload.
  if (adaptationControl === 2 && adaptationLength !== 183) {
    return `adaptation field length ${adaptationLength}, expected 183 without payload`;
  }
  if (adaptationControl === 3 && adaptationLength > 182) {
    return `adaptation field length ${adaptationLength} leaves no room for the payload`;
  }
  return undefined;
}
