/**
 * A WebTorrent tracker's message, validated field by field: a tracker is not trusted. Upstream
 * Trystero reads fields as it finds them (an `interval` of "x" became NaN and re-armed the
 * announce timer ~900 times a second; an `offer` that is not an object became a peer announcement).
 */
export interface TrackerMessage {
  infoHash?: string;
  peerId?: string;
  offerId?: string;
  /** The sealed SDP of an offer (`offer.sdp`). */
  offerSdp?: string;
  /** The sealed SDP of an answer (`answer.sdp`). */
  answerSdp?: string;
  /** Re-announce interval the tracker asks for, in ms, clamped to `TrackerLimits`. */
  intervalMs?: number;
  /** Peers in the tracker's swarm, us included (`complete + incomplete` of an announce response). */
  swarmPeers?: number;
  failureReason?: string;
  warningMessage?: string;
}

export const TrackerLimits = Object.freeze({
  /** Larger messages are dropped unparsed (an offer is a few KiB). */
  maxMessageChars: 64 * 1024,
  /** Info hashes, peer ids and offer ids are 20 characters in WebTorrent; leave room. */
  maxIdChars: 64,
  maxSdpChars: 32 * 1024,
  /** What is kept of a failure or warning text for the log. */
  maxTextChars: 200,
  /** Announce interval bounds: never faster than upstream's 10 s, never slower than 120 s. */
  minIntervalMs: 10_000,
  maxIntervalMs: 120_000,
});

/** The validated message, or undefined when it is not a JSON object at all. Invalid fields are left out. */
export function parseTrackerMessage(raw: string): TrackerMessage | undefined {
  if (typeof raw !== 'string' || raw.length > TrackerLimits.maxMessageChars) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  const message: TrackerMessage = {};
  const infoHash = id(data.info_hash);
  const peerId = id(data.peer_id);
  const offerId = id(data.offer_id);
  const offerSdp = sdpOf(data.offer);
  const answerSdp = sdpOf(data.answer);
  const intervalMs = intervalOf(data.interval);
  const swarmPeers = swarmPeersOf(data.complete, data.incomplete);
  const failureReason = text(data['failure reason']);
  const warningMessage = text(data['warning message']);
  if (infoHash !== undefined) message.infoHash = infoHash;
  if (peerId !== undefined) message.peerId = peerId;
  if (offerId !== undefined) message.offerId = offerId;
  if (offerSdp !== undefined) message.offerSdp = offerSdp;
  if (answerSdp !== undefined) message.answerSdp = answerSdp;
  if (intervalMs !== undefined) message.intervalMs = intervalMs;
  if (swarmPeers !== undefined) message.swarmPeers = swarmPeers;
  if (failureReason !== undefined) message.failureReason = failureReason;
  if (warningMessage !== undefined) message.warningMessage = warningMessage;
  return message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= TrackerLimits.maxIdChars ? value : undefined;
}

function sdpOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const { sdp } = value;
  return typeof sdp === 'string' && sdp.length > 0 && sdp.length <= TrackerLimits.maxSdpChars ? sdp : undefined;
}

/** Seconds (a finite number) to clamped ms; strings, NaN, negatives and the like are ignored. */
function intervalOf(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(Math.max(value * 1000, TrackerLimits.minIntervalMs), TrackerLimits.maxIntervalMs);
}

/** Both counts non-negative integers (a tracker that sends junk tells us nothing), summed. */
function swarmPeersOf(complete: unknown, incomplete: unknown): number | undefined {
  const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return count(complete) && count(incomplete) ? (complete as number) + (incomplete as number) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  // Control characters out: the text goes to a log.
  return value.slice(0, TrackerLimits.maxTextChars).replace(/[\u0000-\u001f\u007f]/g, ' ');
}
