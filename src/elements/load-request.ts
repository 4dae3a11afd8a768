/** Reads what a load depends on from `<p2p-video>`'s attributes and `config`. */
import type { LoadRequest } from './loader-controller.js';
import { buildP2PConfig } from './p2p-options.js';
import { EMPTY_CONFIG, type P2PVideoConfig } from './p2p-video-config.js';

import type { SourceChoice } from './source-selection.js';
import type { LoadGate } from './load-gate.js';

/** The element's fields a load request is made of. */
export interface LoadRequestSource {
  getAttribute(name: 'src'): string | null;
  readonly forcedEngine: string | null;
  readonly noP2P: boolean;
  readonly swarmId: string | null;
  readonly trackers: string | null;
  readonly iceServers: string | null;
  readonly p2pPassword: string | null;
  readonly noUpload: boolean;
  readonly integrity: string | null;
  readonly config: P2PVideoConfig | undefined;
}

export interface LoadRequestContext {
  /** Whether the source must wait, or load its manifest only (the element's LoadGate). */
  gate: Pick<LoadGate, 'deferred' | 'holdsMedia'>;
  /** The chosen `<source>` child, loaded when there is no `src` attribute (source-selection.ts). */
  source: SourceChoice | undefined;
}

/** The `src` attribute wins over `<source>` children, as on `<video>`. */
export function effectiveSource(el: Pick<LoadRequestSource, 'getAttribute'>, source: SourceChoice | undefined): SourceChoice | undefined {
  const src = el.getAttribute('src');
  return src !== null ? { src, type: undefined } : source;
}

export function readLoadRequest(el: LoadRequestSource, { gate, source }: LoadRequestContext): LoadRequest {
  const config = el.config ?? EMPTY_CONFIG;
  const chosen = effectiveSource(el, source);
  const src = chosen?.src ?? null;
  return {
    src,
    contentType: chosen?.type,
    deferred: gate.deferred(src),
    holdMedia: gate.holdsMedia(src),
    engine: el.forcedEngine,
    p2p: el.noP2P
      ? undefined
      : {
          swarmIdOverride: el.swarmId,
          config: buildP2PConfig(
            { trackers: el.trackers, iceServers: el.iceServers, password: el.p2pPassword, noUpload: el.noUpload, integrity: el.integrity },
            config.p2p,
          ),
        },
    config,
  };
}
