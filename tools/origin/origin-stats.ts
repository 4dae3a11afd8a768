/** Traffic counters of the local origin: the benchmark's source of truth for origin bytes. */
import { isManifestPath } from './origin-fault.ts';

/** Body bytes really written and requests received, split segments vs manifests (.m3u8/.mpd). */
export interface OriginStats {
  segmentBytes: number;
  segmentRequests: number;
  manifestBytes: number;
  manifestRequests: number;
  /** Keyed by request path without the query string. */
  byPath: Record<string, { bytes: number; requests: number }>;
  /**
   * Segment traffic per client, keyed by the `swarm-viewer/<id>` token of the User-Agent (the swarm
   * harness gives each viewer its own); requests without one are not listed.
   */
  byClient: Record<string, { segmentBytes: number; segmentRequests: number }>;
}

const CLIENT_TOKEN = /\bswarm-viewer\/([\w-]+)/;

/** The swarm harness's viewer id in a User-Agent header, if any. */
export function clientOf(userAgent: string | undefined): string | undefined {
  return userAgent ? CLIENT_TOKEN.exec(userAgent)?.[1] : undefined;
}

export class OriginStatsCounter {
  #stats: OriginStats = emptyStats();

  /** A media request arrived for `pathname`. */
  countRequest(pathname: string, client?: string): void {
    if (isManifestPath(pathname)) this.#stats.manifestRequests++;
    else {
      this.#stats.segmentRequests++;
      if (client !== undefined) this.#client(client).segmentRequests++;
    }
    this.#entry(pathname).requests++;
  }

  /** `bytes` of body were written for `pathname`. */
  countBytes(pathname: string, bytes: number, client?: string): void {
    if (isManifestPath(pathname)) this.#stats.manifestBytes += bytes;
    else {
      this.#stats.segmentBytes += bytes;
      if (client !== undefined) this.#client(client).segmentBytes += bytes;
    }
    this.#entry(pathname).bytes += bytes;
  }

  /** A deep copy, safe to keep while counting goes on. */
  snapshot(): OriginStats {
    return structuredClone(this.#stats);
  }

  reset(): void {
    this.#stats = emptyStats();
  }

  #client(client: string): { segmentBytes: number; segmentRequests: number } {
    this.#stats.byClient[client] ??= { segmentBytes: 0, segmentRequests: 0 };
    return this.#stats.byClient[client];
  }

  #entry(pathname: string): { bytes: number; requests: number } {
    this.#stats.byPath[pathname] ??= { bytes: 0, requests: 0 };
    return this.#stats.byPath[pathname];
  }
}

function emptyStats(): OriginStats {
  return { segmentBytes: 0, segmentRequests: 0, manifestBytes: 0, manifestRequests: 0, byPath: {}, byClient: {} };
}
