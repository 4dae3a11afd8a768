/**
 * Shaka scheme plugin that routes segment requests to a P2P core.
 *
 * Shaka's scheme plugins are global to the page and do not see which segment they load, and the
 * scheme is picked BEFORE request filters run (networking_engine.js `send_`), so a filter cannot
 * redirect a request to a custom scheme. Instead one plugin takes over `http`/`https` while any
 * P2P player exists; each player's request filter stamps its segment requests (a WeakMap keyed by
 * Shaka's request object, which the filter and the plugin share). Unstamped requests (manifests,
 * players without P2P) go to Shaka's own `HttpFetchPlugin` unchanged.
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import type { P2PCore } from '../../p2p/p2p-core.js';
import type { SegmentRequest, SegmentResponse } from '../../p2p/segment.js';
import { P2PError, isAbortError } from '../../p2p/errors.js';
import type { Shaka } from './shaka-module.js';

type ShakaRequest = shakaNamespace.extern.Request;
type ShakaResponse = shakaNamespace.extern.Response;

/** Where a stamped request goes. */
export interface SegmentRoute {
  /**
   * The core, awaited when the segment is requested (it starts in parallel with Shaka, so the
   * manifest never waits for it); undefined = it could not start: load over HTTP.
   */
  core(): Promise<Pick<P2PCore, 'loadSegment'> | undefined>;
  request: SegmentRequest;
}

const SCHEMES = ['http', 'https'] as const;
/** `shaka.net.NetworkingEngine.PluginPriority.APPLICATION`: above Shaka's own PREFERRED plugins. */
const PRIORITY_APPLICATION = 3;
const PRIORITY_PREFERRED = 2;
const RequestTypeSegment = 1;
const Severity = { Recoverable: 1, Critical: 2 } as const;
const CategoryNetwork = 1;
const Code = { BadHttpStatus: 1001, HttpError: 1002, OperationAborted: 7001 } as const;

const routes = new WeakMap<ShakaRequest, SegmentRoute>();
/** Synthetic requests sent through a player's filters only to see what they make of them. */
const dryRuns = new WeakMap<ShakaRequest, (uri: string, request: ShakaRequest) => void>();
let registrations = 0;

/** Sends this request (one attempt of it) to `route.core`. Called by a player's request filter. */
export function stampRequest(request: ShakaRequest, route: SegmentRoute): void {
  routes.set(request, route);
}

/**
 * Marks `request` as a dry run: the plugin hands `capture` the URI and request as the player's
 * request filters left them, and fails the request (critically, so Shaka does not retry) instead
 * of sending it. How the core's own origin fetches get the page's request filters applied.
 */
export function stampDryRun(request: ShakaRequest, capture: (uri: string, request: ShakaRequest) => void): void {
  dryRuns.set(request, capture);
}

/** The error a dry run ends with (the caller catches it). */
export const DRY_RUN_DONE = 'p2p-video request filter dry run';

/**
 * Installs the plugin for `http`/`https` (reference-counted across players). Returns the release
 * function; the last release gives the schemes back to Shaka's `HttpFetchPlugin`.
 */
export function acquireP2PScheme(shaka: Shaka): () => void {
  const { NetworkingEngine } = shaka.net;
  if (registrations++ === 0) {
    // progressSupport false: with it, Shaka aborts a request that reports no progress within
    // `connectionTimeout`, and a core waiting for a peer reports none; the core has its own timeouts.
    const plugin = createSchemePlugin(shaka);
    for (const scheme of SCHEMES) NetworkingEngine.registerScheme(scheme, plugin, PRIORITY_APPLICATION, false);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--registrations > 0) return;
    for (const scheme of SCHEMES) {
      NetworkingEngine.unregisterScheme(scheme);
      NetworkingEngine.registerScheme(scheme, shaka.net.HttpFetchPlugin.parse, PRIORITY_PREFERRED, true);
    }
  };
}

function createSchemePlugin(shaka: Shaka): shakaNamespace.extern.SchemePlugin {
  return (uri, request, requestType, progressUpdated, headersReceived, config) => {
    const capture = dryRuns.get(request);
    if (capture) {
      dryRuns.delete(request);
      capture(uri, request);
      const ShakaError = shaka.util.Error as unknown as new (severity: number, category: number, code: number, ...data: unknown[]) => Error;
      const done = new ShakaError(Severity.Critical, CategoryNetwork, Code.HttpError, uri, DRY_RUN_DONE, requestType);
      return shaka.util.AbortableOperation.failed(done as never);
    }
    const route = routes.get(request);
    if (!route || requestType !== RequestTypeSegment) {
      return shaka.net.HttpFetchPlugin.parse(uri, request, requestType, progressUpdated, headersReceived, config);
    }
    routes.delete(request);
    const controller = new AbortController();
    let overHttp: shakaNamespace.extern.IAbortableOperation<ShakaResponse> | undefined;
    const promise = route.core().then((core) => {
      if (controller.signal.aborted) throw toShakaError({ shaka, error: new DOMException('Aborted', 'AbortError'), uri, requestType });
      if (!core) {
        overHttp = shaka.net.HttpFetchPlugin.parse(uri, request, requestType, progressUpdated, headersReceived, config);
        return overHttp.promise;
      }
      return core
        .loadSegment(route.request, { signal: controller.signal })
        .then((response) => toShakaResponse(uri, response))
        .catch((error: unknown) => {
          throw toShakaError({ shaka, error, uri, requestType });
        });
    });
    return new shaka.util.AbortableOperation(promise, () => {
      controller.abort();
      return overHttp ? overHttp.abort() : Promise.resolve();
    });
  };
}

function toShakaResponse(uri: string, response: SegmentResponse): ShakaResponse {
  const { timing } = response;
  return {
    uri,
    originalUri: uri,
    data: response.data,
    status: 200,
    headers: {},
    // Honest throughput for ABR, or none at all when the core says the sample would mislead.
    timeMs: Math.max(1, timing.endMs - timing.startMs),
    fromCache: response.excludeFromBandwidth,
  } as ShakaResponse;
}

function toShakaError({ shaka, error, uri, requestType }: { shaka: Shaka; error: unknown; uri: string; requestType: number }): unknown {
  const ShakaError = shaka.util.Error as unknown as new (severity: number, category: number, code: number, ...data: unknown[]) => Error;
  if (isAbortError(error)) return new ShakaError(Severity.Recoverable, CategoryNetwork, Code.OperationAborted, uri, requestType);
  const status = error instanceof P2PError ? error.status : undefined;
  if (status) {
    // As Shaka's HttpPluginUtils: 401/403 are final, everything else may be retried.
    const severity = status === 401 || status === 403 ? Severity.Critical : Severity.Recoverable;
    return new ShakaError(severity, CategoryNetwork, Code.BadHttpStatus, uri, status, '', {}, requestType, uri);
  }
  return new ShakaError(Severity.Recoverable, CategoryNetwork, Code.HttpError, uri, error, requestType);
}
