/**
 * The player's registered request filters applied to the core's origin fetches: a synthetic
 * segment request goes through `NetworkingEngine.request()`, so every filter runs on it in order
 * (Shaka keeps them private, there is no list to read), and the scheme plugin captures the
 * result as a dry run instead of sending it (see `stampDryRun`).
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import type { HttpRequestChanges, HttpRequestHook } from '../../p2p/config.js';
import type { Shaka } from './shaka-module.js';
import { stampDryRun } from './shaka-scheme-plugin.js';

/** `shaka.net.NetworkingEngine.RequestType.SEGMENT`. */
const RequestTypeSegment = 1;

export function shakaRequestSetup({ shaka, player }: { shaka: Shaka; player: shakaNamespace.Player }): HttpRequestHook {
  return async (info) => {
    const engine = player.getNetworkingEngine();
    if (!engine) return undefined;
    const { NetworkingEngine } = shaka.net;
    const request = NetworkingEngine.makeRequest([info.url], NetworkingEngine.defaultRetryParameters());
    request.headers = { ...info.headers };
    let captured: HttpRequestChanges | undefined;
    stampDryRun(request, (uri, filtered) => {
      captured = { url: uri, headers: { ...filtered.headers } };
      if (filtered.allowCrossSiteCredentials) captured.credentials = 'include';
    });
    try {
      await engine.request(RequestTypeSegment as shakaNamespace.net.NetworkingEngine.RequestType, request).promise;
    } catch (error) {
      // The dry run always ends in an error; any other one is a filter's own (it would fail Shaka's request too).
      if (!captured) throw error;
    }
    return captured;
  };
}
