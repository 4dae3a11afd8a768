/**
 * Adapts a `SegmentVerifier` to the core's hook point, which names a segment only by ids:
 * `(request: { streamId, segmentId, expectedBytes? }, bytes) => Promise<boolean>`.
 * The URL, byte range and liveness the hash lookup needs come from `lookupSegment` (the core's
 * stream registry). Typed structurally, so this file does not depend on the core's modules.
 */
import { UnvouchedSegmentError } from '../peers/peer-downloader.js';
import type { SegmentRequest } from '../segment.js';
import { VerifyCheck, type SegmentVerifier, type VerifyResult } from './segment-verifier.js';

/** What the core passes to its verify hook. */
export interface CoreVerifyRequest {
  streamId: string;
  segmentId: string;
  expectedBytes?: number;
}

export interface CoreVerifyHookOptions {
  verifier: SegmentVerifier;
  /** The segment as the player's manifest describes it; undefined when the core no longer knows it. */
  lookupSegment: (streamId: string, segmentId: string) => SegmentRequest | undefined;
  /** Sees every verdict (e.g. to emit `segmentRejected` with the reason, or to log). */
  onResult?: (request: CoreVerifyRequest, result: VerifyResult) => void;
}

/** The hook, and the way origin bytes reach the verifier (see `OriginLearningVerifier` in origin-fetcher.ts). */
export type CoreVerifyHook = ((request: CoreVerifyRequest, bytes: Uint8Array) => Promise<boolean>) & {
  learnFromOrigin(request: SegmentRequest, bytes: Uint8Array): void;
};

/**
 * @returns the hook: resolves true only for bytes every applicable check accepted; a throwing
 * check (bad input, destroyed verifier) resolves false. It rejects only with
 * `UnvouchedSegmentError`, for bytes `requireIntegrity` refuses for want of a hash (no blame).
 */
export function createCoreVerifyHook(options: CoreVerifyHookOptions): CoreVerifyHook {
  const { verifier, lookupSegment, onResult } = options;
  const learnFromOrigin = ({ stream, segment }: SegmentRequest, bytes: Uint8Array): void => {
    verifier.learn({ streamId: stream.id, startTime: segment.startTime, duration: segment.duration, bytes });
  };
  const hook = async (request: CoreVerifyRequest, bytes: Uint8Array): Promise<boolean> => {
    let result: VerifyResult;
    try {
      const known = lookupSegment(request.streamId, request.segmentId);
      result = await verifier.verify({
        // Unknown segment: no URL means no hash lookup, but size and container checks still run.
        url: known?.segment.url ?? '',
        segmentId: request.segmentId,
        streamId: request.streamId,
        byteRange: known?.segment.byteRange,
        expectedBytes: request.expectedBytes ?? known?.segment.expectedBytes,
        isLive: known?.stream.isLive,
        startTime: known?.segment.startTime,
        duration: known?.segment.duration,
        bytes,
      });
    } catch (error) {
      result = { ok: false, check: VerifyCheck.Custom, reason: `verification failed: ${(error as Error)?.message ?? String(error)}` };
    }
    try {
      onResult?.(request, result);
    } catch {
      // A throwing observer must not change the verdict.
    }
    // Not wrong, only unverifiable (requireIntegrity, no hash): the peer is not to blame.
    if (!result.ok && result.check === VerifyCheck.Integrity) throw new UnvouchedSegmentError(result.reason);
    return result.ok;
  };
  return Object.assign(hook, { learnFromOrigin });
}
