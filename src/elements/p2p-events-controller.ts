/**
 * Forwards the P2P core's events as `<p2p-video>` DOM events (`p2pstats`, `p2ppeerconnect`,
 * `p2ppeerdisconnect`, `p2psegmentload`, `p2pwarning`). Subscriptions follow the loader: they are
 * dropped when the loader goes, so a destroyed core can never reach the element.
 */
import type { Logger } from '../p2p/deps.js';
import type { P2PCore } from '../p2p/p2p-core.js';
import type { P2PSegmentLoadDetail, P2PWarningDetail } from './events.js';

export class P2PEventsController {
  readonly #target: EventTarget;
  readonly #logger: Logger | undefined;
  #unsubscribers: Array<() => void> = [];
  #core: P2PCore | undefined;

  /** `logger`: every event but `p2pstats` (once a second) is also logged at debug level. */
  constructor(target: EventTarget, { logger }: { logger?: Logger } = {}) {
    this.#target = target;
    this.#logger = logger;
  }

  /** Follows `core` (or nothing), dropping the previous subscriptions. */
  follow(core: P2PCore | undefined): void {
    if (core === this.#core) return;
    this.#core = core;
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
    if (!core) return;
    this.#unsubscribers = [
      core.on('stats', (stats) => this.#fire('p2pstats', stats)),
      core.on('peerConnected', ({ peerId }) => this.#fire('p2ppeerconnect', { peerId })),
      core.on('peerDisconnected', ({ peerId }) => this.#fire('p2ppeerdisconnect', { peerId })),
      core.on('segmentLoaded', (event) => {
        const detail: P2PSegmentLoadDetail = {
          source: event.source,
          bytes: event.bytes,
          segmentId: event.segment.id,
          streamId: event.stream.id,
          ...(event.peerId === undefined ? {} : { peerId: event.peerId }),
          ...(event.httpReason === undefined ? {} : { httpReason: event.httpReason }),
        };
        this.#fire('p2psegmentload', detail);
      }),
      core.on('warning', ({ error }) => this.#fire('p2pwarning', { code: error.code, message: error.message })),
    ];
  }

  /** Loader warnings (e.g. the core could not start) go out as `p2pwarning` too. */
  warn(detail: P2PWarningDetail): void {
    this.#fire('p2pwarning', detail);
  }

  #fire(type: string, detail: unknown): void {
    if (type !== 'p2pstats') this.#logger?.debug(type, detail);
    this.#target.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
