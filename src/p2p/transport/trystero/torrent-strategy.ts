/**
 * Trystero's WebTorrent-tracker strategy, our own copy (from `@trystero-p2p/torrent` 0.25.4, MIT),
 * with one behaviour changed: when a peer may ignore an incoming offer to avoid glare.
 *
 * Why: upstream tags every incoming offer with `hasOutgoingOffer = <the receiver has pooled
 * offers>`, which is always true for an active peer, and the receiver then ignores the offer when
 * its id sorts lower than the offerer's, expecting the offerer to answer the receiver's own offer.
 * But pooled torrent offers reach other peers only when the tracker forwards them on the
 * receiver's next announce, which bittorrent-tracker, wt-tracker and aquatic schedule every 120 s.
 * So a newcomer whose id sorts higher than an existing viewer's could not connect to it for up to
 * two minutes: measured here, half of all viewer pairs.
 *
 * Here the receiver claims an outgoing offer (and may ignore on id order) only when it announced
 * offers after it first heard of the offerer: only then can the tracker have forwarded one of them
 * to the offerer, which may be answering it right now, and upstream's tie-break avoids two
 * crossing connections. A newcomer cannot have seen offers announced before it joined, so those
 * never block it. (Once an answer has arrived, Trystero's signal handler tracks the offer per peer
 * and keeps its own glare handling.)
 *
 * Also changed (issue 10): every tracker message is validated (`parseTrackerMessage`: a hostile
 * tracker's `interval: "x"` re-armed the announce timer ~900 times a second), and an incoming
 * offer reaches Trystero only if it decrypts with the room's key (`OfferCipher`: Trystero opens an
 * RTCPeerConnection per offer before decrypting and leaks it when decryption fails). Time and
 * logging come from the core's `Clock` and `Logger` (`configureStrategy`).
 *
 * And (issue 12, tracker cost): each scheduled announce goes through `planAnnounce`: warm-up
 * re-announces that could reach nobody new are not sent, a room at `maxPeers` (`setRoomCapacity`)
 * leaves the tracker's swarm and answers no offers, and a room connected to everyone announces
 * without offers. Everything else (announce schedule, offer pool, dedupe, relay sockets) is as upstream.
 */
import {
  createRelayManager,
  createStrategy,
  entries,
  fromJson,
  genId,
  getRelays,
  keys,
  libName,
  makeSocket,
  pauseRelayReconnection,
  resumeRelayReconnection,
  selfId,
  sha1,
  toJson,
  type JoinRoom,
  type JoinRoomConfig,
} from '@trystero-p2p/core';
import { quietConsoleLogger, systemClock, type Clock, type Logger } from '../../deps.js';
import { AnnounceKind, OFFERS_PER_ANNOUNCE, announceBody, planAnnounce, type AnnounceState } from './announce-plan.js';
import { OfferCipher } from './offer-cipher.js';
import { roomCapacity } from './room-capacity.js';
import { parseTrackerMessage, type TrackerMessage } from './tracker-message.js';
import type { WebSocketLike } from './web-platform.js';

export type { Room } from '@trystero-p2p/core';
export { pauseRelayReconnection, resumeRelayReconnection, selfId };
export { setRoomCapacity } from './room-capacity.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the strategy adapter's types are internal to Trystero */
type Client = any;
interface PooledOffer {
  offer: string;
  peer: unknown;
  createdAt: number;
  claim?: () => void;
  reclaim?: () => void;
}

const relayManager = createRelayManager((client: Client) => client.socket);
const topicToInfoHash: Record<string, string> = {};
const infoHashToTopic: Record<string, string> = {};
const announceFns = relayManager.scoped<() => Promise<void>>();
const subscriptionTokens = relayManager.scoped<symbol>();
const trackerAnnounceMs = relayManager.scoped<number>();
const msgHandlers = relayManager.scoped<(data: TrackerMessage) => void>();
const topicStates = relayManager.scoped<any>();
/** Peers in each tracker's swarm of each room (us included), from its last announce response. */
const swarmPeers = relayManager.scoped<number>();
/** Each room's swarm size by tracker url, from the last announce responses (`trackerSwarmSize`). */
const swarmCounts: Record<string, Record<string, number>> = {};
/** Rooms' root topics by `appId \u0000 roomId` (set when a room subscribes), for `trackerSwarmSize`. */
const roomTopics: Record<string, string> = {};
/** The last announce each room sent on each tracker socket (cleared when the socket reconnects). */
const lastAnnounces = relayManager.scoped<NonNullable<AnnounceState['last']>>();
/**
 * Rooms with an announce under way on each tracker. Trystero does not wait for an announce (ours
 * returns the interval at once) and its first warm-up fires 233 ms later, while the first may still
 * be creating offers: both then sent the same offers (measured: every join sent them twice, 1 ms apart).
 */
const announcesInFlight = relayManager.scoped<true>();
const handledSignals: Record<string, number> = {};
const roomOutstandingOffers: Record<string, Record<string, PooledOffer>> = {};
const roomOfferGenerationPromises: Record<string, Promise<void> | undefined> = {};
const roomSubscriberCounts: Record<string, number> = {};

const HASH_LIMIT = 20;
const OFFER_POOL_SIZE = OFFERS_PER_ANNOUNCE;
const DEFAULT_ANNOUNCE_MS = 10_000;
const DORMANT_ANNOUNCE_MS = 120_000;
const OFFER_RETENTION_MS = 120_000;
const SIGNAL_DEDUPE_WINDOW_MS = 4_000;
const DEFAULT_REDUNDANCY = 3;
/** When each room last sent its pooled offers to a tracker. */
const lastOfferAnnounceMs: Record<string, number> = {};
/** When each room first heard from each peer (`room\u0000peer` → ms); forgotten after `FIRST_HEARD_TTL_MS`. */
const firstHeardMs: Record<string, number> = {};
const FIRST_HEARD_TTL_MS = 600_000;
/** Messages this page sent to trackers (announces, answers, leaves). */
let trackerMessagesSent = 0;

/** Messages this page has sent to all trackers so far (the tracker's cost of this viewer). */
export function trackerMessageCount(): number {
  return trackerMessagesSent;
}

/**
 * The strategy is one per page (like Trystero's own module state), so it uses the clock and
 * logger of the latest `configureStrategy` (every `TrysteroConnection` calls it before joining).
 */
let deps: { clock: Clock; logger: Logger } = { clock: systemClock, logger: quietConsoleLogger };

/** Peers in a room's swarm as its trackers count them (us included): the largest count of any tracker; undefined before a response. */
export function trackerSwarmSize(room: { appId: string; roomId: string }): number | undefined {
  const topic = roomTopics[`${room.appId}\u0000${room.roomId}`];
  if (topic === undefined) return undefined;
  const counts = Object.values(swarmCounts[topic] ?? {});
  return counts.length > 0 ? Math.max(...counts) : undefined;
}

export function configureStrategy(options: { clock: Clock; logger: Logger }): void {
  deps = { clock: options.clock, logger: options.logger };
}

async function getInfoHash(topic: string): Promise<string> {
  if (topicToInfoHash[topic]) return topicToInfoHash[topic];
  const hash = (await sha1(topic)).slice(0, HASH_LIMIT);
  topicToInfoHash[topic] = hash;
  infoHashToTopic[hash] = topic;
  return hash;
}

async function send(client: Client, topic: string, payload: Record<string, unknown>): Promise<void> {
  if (client.socket?.readyState === 1) trackerMessagesSent++;
  client.send(toJson({ action: 'announce', info_hash: await getInfoHash(topic), peer_id: selfId, ...payload }));
}

function warn(url: string, message: string, failed: boolean): void {
  deps.logger.warn(`${libName}: torrent tracker ${failed ? 'failure' : 'warning'} from ${url} - ${message}`);
}

const outstandingOffers = (rootTopic: string) => (roomOutstandingOffers[rootTopic] ??= {});

function dropOfferBookkeeping(rootTopic: string): void {
  delete roomOutstandingOffers[rootTopic];
  delete roomOfferGenerationPromises[rootTopic];
}

function takeOffer(rootTopic: string, offerId: string, how: 'claim' | 'reclaim'): PooledOffer | undefined {
  const offers = roomOutstandingOffers[rootTopic];
  const offer = offers?.[offerId];
  if (!offer) return undefined;
  delete offers[offerId];
  offer[how]?.();
  if (!keys(offers).length && !roomSubscriberCounts[rootTopic]) dropOfferBookkeeping(rootTopic);
  return offer;
}

function reclaimAllOffers(rootTopic: string): void {
  keys(outstandingOffers(rootTopic)).forEach((offerId) => takeOffer(rootTopic, offerId, 'reclaim'));
  dropOfferBookkeeping(rootTopic);
}

function pruneOffers(rootTopic: string): void {
  const now = deps.clock.now();
  entries(outstandingOffers(rootTopic)).forEach(([offerId, offer]) => {
    if (now - offer.createdAt > OFFER_RETENTION_MS) takeOffer(rootTopic, offerId, 'reclaim');
  });
}

async function ensureOffers(rootTopic: string, getOffers: (n: number) => Promise<Array<Omit<PooledOffer, 'createdAt'>>>): Promise<Record<string, PooledOffer>> {
  while (roomOfferGenerationPromises[rootTopic]) await roomOfferGenerationPromises[rootTopic];
  const next: Promise<void> = (async () => {
    pruneOffers(rootTopic);
    const offers = outstandingOffers(rootTopic);
    const missing = Math.max(0, OFFER_POOL_SIZE - keys(offers).length);
    if (missing > 0) {
      (await getOffers(missing)).forEach((peerAndOffer) => {
        offers[genId(HASH_LIMIT)] = { ...peerAndOffer, createdAt: deps.clock.now() };
      });
    }
  })().finally(() => {
    if (roomOfferGenerationPromises[rootTopic] === next) delete roomOfferGenerationPromises[rootTopic];
  });
  roomOfferGenerationPromises[rootTopic] = next;
  await next;
  return outstandingOffers(rootTopic);
}

function onTrackerMessage(config: JoinRoomConfig, rawUrl: string, client: Client, rawData: string): void {
  // A tracker that sends garbage is ignored, not allowed to throw into the socket.
  const data = parseTrackerMessage(rawData);
  if (!data) return;
  const topic = data.infoHash ? infoHashToTopic[data.infoHash] : undefined;
  const warnings = config.relayConfig?.warnOnRelayFailure !== false;
  if (data.failureReason) {
    if (warnings) warn(client.url, data.failureReason, true);
    return;
  }
  if (data.warningMessage && warnings) warn(client.url, data.warningMessage, false);
  if (data.intervalMs !== undefined && topic && announceFns.forKey(rawUrl)[topic]) {
    trackerAnnounceMs.forKey(rawUrl)[topic] = Math.min(Math.max(data.intervalMs, DEFAULT_ANNOUNCE_MS), OFFER_RETENTION_MS);
  }
  if (data.swarmPeers !== undefined && topic) swarmPeers.forKey(rawUrl)[topic] = (swarmCounts[topic] ??= {})[rawUrl] = data.swarmPeers;
  if (!((data.offerSdp || data.answerSdp) && topic && data.offerId && data.peerId) || data.peerId === selfId) return;
  const signalKey = `${topic}:${data.offerSdp ? 'offer' : 'answer'}:${data.offerId}:${data.peerId}`;
  const now = deps.clock.now();
  const last = handledSignals[signalKey];
  if (typeof last === 'number' && now - last < SIGNAL_DEDUPE_WINDOW_MS) return;
  handledSignals[signalKey] = now;
  entries(handledSignals).forEach(([key, at]) => {
    if (now - at > SIGNAL_DEDUPE_WINDOW_MS * 6) delete handledSignals[key];
  });
  entries(firstHeardMs).forEach(([key, at]) => {
    if (now - at > FIRST_HEARD_TTL_MS) delete firstHeardMs[key];
  });
  msgHandlers.forKey(rawUrl)[topic]?.(data);
}

/**
 * The tracker messages of one room on one tracker: offers that open with the room key go to
 * Trystero with whether ours may have crossed them (see the file comment); answers claim our offer.
 */
function makeTopicHandler(options: { client: Client; rootTopic: string; isCurrent(): boolean; isFull(): boolean; onMessage: any; context: any }): (data: TrackerMessage) => void {
  const { client, rootTopic, isCurrent, isFull, onMessage, context } = options;
  const cipher = new OfferCipher({ secret: context?.config?.password ?? '', appId: context?.appId ?? '', roomId: context?.roomId ?? '' });
  return (data: TrackerMessage) => {
    const { offerSdp, answerSdp, offerId, peerId } = data;
    if (!offerId || !peerId) return;
    if (offerSdp) {
      // A full room would hang up on the peer right after connecting: the answer would be two tracker messages for nothing.
      if (isFull()) return;
      // The change from upstream: see the file comment.
      const heardKey = `${rootTopic}\u0000${peerId}`;
      void cipher.opens(offerSdp).then((opens) => {
        if (!opens || !isCurrent()) return;
        firstHeardMs[heardKey] ??= deps.clock.now();
        const hasOutgoingOffer = (lastOfferAnnounceMs[rootTopic] ?? -Infinity) > firstHeardMs[heardKey];
        onMessage(rootTopic, { offer: offerSdp, peerId, hasOutgoingOffer }, (_: unknown, signal: string) =>
          void send(client, rootTopic, { answer: { type: 'answer', sdp: (fromJson(signal) as { answer?: unknown }).answer }, offer_id: offerId, to_peer_id: peerId }),
        );
      });
    } else if (answerSdp) {
      firstHeardMs[`${rootTopic}\u0000${peerId}`] ??= deps.clock.now();
      const offer = takeOffer(rootTopic, offerId, 'claim');
      if (offer) onMessage(rootTopic, { answer: answerSdp, peerId, peer: offer.peer }, () => {});
    }
  };
}

/** One scheduled announce of an active room on one tracker, as `planAnnounce` decides. */
async function announceActive(o: { client: Client; rootTopic: string; getOffers: any; connectedPeers: number; full: boolean }): Promise<void> {
  const inFlight = announcesInFlight.forRelay(o.client);
  if (inFlight[o.rootTopic]) return;
  inFlight[o.rootTopic] = true;
  try {
    await planAndSend(o);
  } finally {
    delete inFlight[o.rootTopic];
  }
}

async function planAndSend(o: { client: Client; rootTopic: string; getOffers: any; connectedPeers: number; full: boolean }): Promise<void> {
  const { client, rootTopic } = o;
  const seen = swarmPeers.forRelay(client)[rootTopic];
  const lasts = lastAnnounces.forRelay(client);
  const nowMs = deps.clock.now();
  const kind = planAnnounce({
    full: o.full,
    connectedPeers: o.connectedPeers,
    othersInSwarm: seen === undefined ? undefined : Math.max(0, seen - 1),
    last: lasts[rootTopic],
    intervalMs: trackerAnnounceMs.forRelay(client)[rootTopic] ?? DEFAULT_ANNOUNCE_MS,
    nowMs,
  });
  if (kind === AnnounceKind.Skip) return;
  if (kind === AnnounceKind.Leave) {
    lasts[rootTopic] = { kind, offers: 0, atMs: nowMs };
    await send(client, rootTopic, announceBody(kind));
    return;
  }
  const pooled = kind === AnnounceKind.Offers ? entries(await ensureOffers(rootTopic, o.getOffers)) : [];
  const offers = pooled.map(([offerId, { offer }]: [string, PooledOffer]) => ({ offerId, sdp: offer }));
  if (offers.length > 0) lastOfferAnnounceMs[rootTopic] = deps.clock.now();
  lasts[rootTopic] = { kind, offers: offers.length, atMs: deps.clock.now() };
  await send(client, rootTopic, announceBody(kind, offers));
}

function subscribe(client: Client, rootTopic: string, _selfTopic: string, onMessage: any, getOffers: any, context: any): () => void {
  const handlers = msgHandlers.forRelay(client);
  const relayFns = announceFns.forRelay(client);
  const relayAnnounceMs = trackerAnnounceMs.forRelay(client);
  const activeTokens = subscriptionTokens.forRelay(client);
  const states = topicStates.forRelay(client);
  const token = Symbol(rootTopic);
  activeTokens[rootTopic] = token;
  roomSubscriberCounts[rootTopic] = (roomSubscriberCounts[rootTopic] ?? 0) + 1;
  if (context?.roomId !== undefined) roomTopics[`${context.appId ?? ''}\u0000${context.roomId}`] = rootTopic;

  const capacity = () => roomCapacity(context?.appId ?? '', context?.roomId ?? '');
  const isFull = () => {
    const now = capacity();
    return now !== undefined && now.connected >= now.max;
  };
  const topicHandler = makeTopicHandler({ client, rootTopic, isCurrent: () => activeTokens[rootTopic] === token, isFull, onMessage, context });
  handlers[rootTopic] = topicHandler;

  let passiveTimer: unknown;
  const stopPassive = () => {
    deps.clock.clearTimeout(passiveTimer);
    passiveTimer = undefined;
  };
  const state = {
    isActive: !context?.isPassive,
    announce: async () => {
      if (activeTokens[rootTopic] !== token) return;
      if (!state.isActive) {
        await send(client, rootTopic, { left: 0, numwant: OFFER_POOL_SIZE, offers: [] });
        return;
      }
      await announceActive({ client, rootTopic, getOffers, connectedPeers: capacity()?.connected ?? 0, full: isFull() });
    },
    startPassiveAnnouncements: () => {
      stopPassive();
      if (activeTokens[rootTopic] !== token || state.isActive) return;
      void state.announce();
      passiveTimer = deps.clock.setTimeout(state.startPassiveAnnouncements, Math.max(relayAnnounceMs[rootTopic] ?? DORMANT_ANNOUNCE_MS, DORMANT_ANNOUNCE_MS));
    },
    stopPassiveAnnouncements: stopPassive,
  };
  relayAnnounceMs[rootTopic] = DEFAULT_ANNOUNCE_MS;
  relayFns[rootTopic] = state.announce;
  states[rootTopic] = state;
  if (!state.isActive) state.startPassiveAnnouncements();

  return () => unsubscribe({ client, rootTopic, token, activeTokens, handlers, topicHandler, relayFns, relayAnnounceMs, states, state, stopPassive });
}

/** Leaves one room on one tracker; the last subscriber of the room also gives back its offers. */
function unsubscribe(o: { client: Client; rootTopic: string; token: symbol; activeTokens: any; handlers: any; topicHandler: unknown; relayFns: any; relayAnnounceMs: any; states: any; state: { announce: unknown }; stopPassive(): void }): void {
  const { rootTopic, token, activeTokens, handlers, topicHandler, relayFns, relayAnnounceMs, states, state, stopPassive } = o;
  stopPassive();
  roomSubscriberCounts[rootTopic] = Math.max(0, (roomSubscriberCounts[rootTopic] ?? 1) - 1);
  if (!roomSubscriberCounts[rootTopic]) {
    delete roomSubscriberCounts[rootTopic];
    delete swarmCounts[rootTopic];
  }
  if (activeTokens[rootTopic] !== token) {
    if (!roomSubscriberCounts[rootTopic]) {
      reclaimAllOffers(rootTopic);
      delete states[rootTopic];
    }
    return;
  }
  if (handlers[rootTopic] === topicHandler) delete handlers[rootTopic];
  if (relayFns[rootTopic] === state.announce) delete relayFns[rootTopic];
  delete relayAnnounceMs[rootTopic];
  delete lastAnnounces.forRelay(o.client)[rootTopic];
  delete activeTokens[rootTopic];
  if (states[rootTopic] === state) delete states[rootTopic];
  if (!roomSubscriberCounts[rootTopic]) reclaimAllOffers(rootTopic);
}

const joinRoomStrategy = createStrategy({
  init: (config: JoinRoomConfig) =>
    getRelays(config, [], DEFAULT_REDUNDANCY).map((rawUrl: string) => {
      const client = relayManager.register(rawUrl, () =>
        makeSocket(
          rawUrl,
          (rawData) => onTrackerMessage(config, rawUrl, client, rawData),
          () => {
            // A new socket: the tracker has forgotten us, so the next announces go out in full.
            const lasts = lastAnnounces.forKey(rawUrl);
            keys(lasts).forEach((topic) => delete lasts[topic]);
            Object.values(announceFns.forKey(rawUrl)).forEach((announce) => void announce());
          },
        ),
      );
      return client.ready;
    }),
  subscribe,
  announce: (client: Client, rootTopic: string) => {
    const state = topicStates.forRelay(client)[rootTopic];
    if (state) {
      state.stopPassiveAnnouncements();
      state.isActive = true;
    }
    void announceFns.forRelay(client)[rootTopic]?.();
    return trackerAnnounceMs.forRelay(client)[rootTopic] ?? DEFAULT_ANNOUNCE_MS;
  },
  deactivate: (client: Client, rootTopic: string) => {
    const state = topicStates.forRelay(client)[rootTopic];
    if (state) state.isActive = false;
    reclaimAllOffers(rootTopic);
    state?.startPassiveAnnouncements();
  },
} as any);

/** Joins a room through WebTorrent trackers (`config.relayConfig.urls`, required: no built-in list). */
export const joinRoom: JoinRoom<JoinRoomConfig> = (config, roomId, callbacks) =>
  (joinRoomStrategy as any)({ ...config, trickleIce: config.trickleIce ?? false }, roomId, callbacks);

/** The open tracker sockets by URL (for health checks and reconnects). */
export const getRelaySockets: () => Record<string, WebSocketLike> = relayManager.getSockets as any;
