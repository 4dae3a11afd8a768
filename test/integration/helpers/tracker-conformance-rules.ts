/**
 * What the WebTorrent trackers operators run accept from a client, read from their source
 * (2026-12; aquatic @ e13f1338, wt-tracker @ fdb52ac, bittorrent-tracker 11.x in node_modules).
 * Each rule returns undefined when a client message keeps it, else what is wrong.
 *
 * Sources (paths in each repository):
 *   aquatic  crates/ws_protocol/src/common.rs, crates/ws_protocol/src/incoming/announce.rs,
 *            crates/ws/src/config.rs, crates/ws/src/workers/socket/connection.rs,
 *            crates/ws/src/workers/swarm/storage.rs
 *   wt       src/fast-tracker.ts, src/uws-tracker.ts
 *   bt       lib/server/parse-websocket.js
 */
export type TrackerJson = Record<string, unknown>;

export interface ConformanceRule {
  name: string;
  /** Where the tracker enforces it, and what it does to a client that breaks it. */
  source: string;
  check(json: TrackerJson): string | undefined;
}

/** aquatic config.rs:133 `websocket_max_frame_size: 16 * 1024` (a browser sends a text message as one frame). */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** aquatic config.rs:156 `max_offers: 10` (the lowest of the three; wt-tracker 20, bittorrent-tracker 82). */
export const MAX_OFFERS = 10;
/**
 * A client must announce at least this often to stay listed: aquatic config.rs:186 `max_peer_age: 180`;
 * wt-tracker fast-tracker.ts:430-432 drops a peer after 2 × its `announceInterval` (20 s in code:
 * 40 s; 120 s in its sample config: 240 s), and uws-tracker.ts:89 closes a socket idle 240 s.
 */
export const MAX_SILENCE_MS = 180_000;

/**
 * A 20-byte id as a JSON string: exactly 20 characters (bittorrent-tracker parse-websocket.js:14/19/25
 * throws otherwise and drops the message), each a single byte (code ≤ 255: aquatic common.rs:113-148
 * `TwentyByteVisitor` fails the parse, the client gets "Invalid request", connection.rs:263).
 */
export function twentyBytes(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is not a string`;
  if (value.length !== 20) return `${field} has ${value.length} characters, not 20`;
  if ([...value].some((c) => c.charCodeAt(0) > 255)) return `${field} has a character above 0xff`;
  return undefined;
}

const isRecord = (v: unknown): v is TrackerJson => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export const CONFORMANCE_RULES: readonly ConformanceRule[] = [
  {
    name: 'action is "announce"',
    source: 'wt fast-tracker.ts:517-520 throws "unknown action" and uws-tracker.ts:321 closes the socket; bt parse-websocket.js:52 throws',
    check: (m) => (m.action === 'announce' ? undefined : `action ${JSON.stringify(m.action)}`),
  },
  { name: 'info_hash is 20 single-byte characters', source: 'aquatic common.rs:113-148, bt parse-websocket.js:14', check: (m) => twentyBytes(m.info_hash, 'info_hash') },
  { name: 'peer_id is 20 single-byte characters', source: 'aquatic common.rs:113-148, bt parse-websocket.js:19, wt fast-tracker.ts:555', check: (m) => twentyBytes(m.peer_id, 'peer_id') },
  {
    name: 'event is absent or started/stopped/completed',
    source: 'wt fast-tracker.ts:501-516: any other event (even aquatic\'s "update") throws, and the socket is closed',
    check: (m) => (m.event === undefined || ['started', 'stopped', 'completed'].includes(m.event as string) ? undefined : `event ${JSON.stringify(m.event)}`),
  },
  {
    name: 'numwant and left are absent or non-negative integers',
    source: 'aquatic announce.rs:23,43 (`Option<usize>`: a float or negative fails the parse)',
    check: (m) => (['numwant', 'left'] as const).map((f) => (m[f] === undefined || isCount(m[f]) ? undefined : `${f} ${JSON.stringify(m[f])}`)).find(Boolean),
  },
  {
    name: 'an answer carries {type:"answer", sdp}, to_peer_id and offer_id, and no event or offers',
    source:
      'aquatic common.rs:55-81, announce.rs:51-57; bt parse-websocket.js:25; wt fast-tracker.ts:501-507 relays an answer only when event is absent (and ignores its offers)',
    check: (m) => {
      if (m.answer === undefined) return undefined;
      const a = m.answer;
      if (!isRecord(a) || a.type !== 'answer' || typeof a.sdp !== 'string' || a.sdp.length === 0) return `answer ${JSON.stringify(a)?.slice(0, 80)}`;
      if (m.event !== undefined) return 'answer with an event (wt-tracker would take it for an announce)';
      if (m.offers !== undefined) return 'answer with offers (wt-tracker drops them)';
      return twentyBytes(m.to_peer_id, 'to_peer_id') ?? twentyBytes(m.offer_id, 'offer_id');
    },
  },
  {
    name: `offers: an array of at most ${MAX_OFFERS} {offer_id, offer:{type:"offer", sdp}}, unique ids, numwant an integer ≥ their count`,
    source:
      'aquatic announce.rs:35,77-80, common.rs:47-70, storage.rs:427 (offers beyond max_offers are dropped); wt fast-tracker.ts:633-648 (not an array: throws; numwant not an integer: no offer is relayed; relays min(offers, numwant, maxOffers)) and 854-863 (an item without an offer object throws)',
    check: (m) => {
      if (m.offers === undefined) return undefined;
      if (!Array.isArray(m.offers)) return 'offers is not an array';
      if (m.offers.length > MAX_OFFERS) return `${m.offers.length} offers`;
      if (m.offers.length > 0 && !(isCount(m.numwant) && (m.numwant as number) >= m.offers.length)) return `numwant ${JSON.stringify(m.numwant)} for ${m.offers.length} offers`;
      const ids = new Set<unknown>();
      for (const item of m.offers as unknown[]) {
        if (!isRecord(item) || !isRecord(item.offer) || item.offer.type !== 'offer' || typeof item.offer.sdp !== 'string') return `offer item ${JSON.stringify(item)?.slice(0, 80)}`;
        const bad = twentyBytes(item.offer_id, 'offer_id');
        if (bad) return bad;
        ids.add(item.offer_id);
      }
      return ids.size === m.offers.length ? undefined : 'duplicate offer_id';
    },
  },
];

/** Every rule one message breaks. */
export function violations(json: TrackerJson): string[] {
  return CONFORMANCE_RULES.flatMap((rule) => {
    const problem = rule.check(json);
    return problem ? [`${rule.name}: ${problem}`] : [];
  });
}
