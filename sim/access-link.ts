/**
 * One viewer's access link: uplink and downlink bandwidth and one-way latency. Transfers are
 * serialised on the uplink (first come, first served), so a viewer's concurrent uploads share it;
 * a download takes its bytes at the downlink's rate.
 */

/** Width of the windows in which uplink use is measured, ms. */
export const UPLINK_WINDOW_MS = 10_000;

export class AccessLink {
  readonly upBytesPerMs: number;
  readonly downBytesPerMs: number;
  readonly latencyMs: number;
  /** False for viewers behind a symmetric NAT without TURN: no peer connection ever forms. */
  readonly reachable: boolean;
  #upFreeAt = 0;
  /** Bytes sent on the uplink per window (index = floor(endMs / UPLINK_WINDOW_MS)). */
  readonly #upBytesByWindow = new Map<number, number>();
  uploadedBytes = 0;
  /** Segment bytes the origin sent this viewer (wire bytes, aborted bodies pro rata). */
  originBytes = 0;

  constructor(options: { upBitsPerSecond: number; downBitsPerSecond: number; latencyMs: number; reachable: boolean }) {
    this.upBytesPerMs = options.upBitsPerSecond / 8000;
    this.downBytesPerMs = options.downBitsPerSecond / 8000;
    this.latencyMs = options.latencyMs;
    this.reachable = options.reachable;
  }

  /** Queues `bytes` on the uplink at `nowMs`; returns when the last byte leaves. */
  upload(bytes: number, nowMs: number): { startMs: number; endMs: number } {
    const startMs = Math.max(nowMs, this.#upFreeAt);
    const endMs = startMs + bytes / this.upBytesPerMs;
    this.#upFreeAt = endMs;
    this.uploadedBytes += bytes;
    this.#account(startMs, endMs, bytes);
    return { startMs, endMs };
  }

  /**
   * When `bytes` starting to arrive at `firstByteMs` have all arrived, at the downlink's rate or
   * the sender's pace (`notBeforeMs`), whichever is slower. Downlinks are 10–100× the stream's
   * bitrate here, so contention between a viewer's own downloads is not modelled (see docs).
   */
  download(bytes: number, options: { firstByteMs: number; notBeforeMs?: number }): number {
    return Math.max(options.firstByteMs + bytes / this.downBytesPerMs, options.notBeforeMs ?? 0);
  }

  /** Peak share of the uplink used in any window (1 = saturated for a whole window). */
  peakUplinkUse(): number {
    let peak = 0;
    for (const bytes of this.#upBytesByWindow.values()) peak = Math.max(peak, bytes);
    return peak / (this.upBytesPerMs * UPLINK_WINDOW_MS);
  }

  /** Spreads a transfer over the windows it spans (so no window can exceed the link's capacity). */
  #account(startMs: number, endMs: number, bytes: number): void {
    const rate = bytes / Math.max(endMs - startMs, 1e-9);
    for (let window = Math.floor(startMs / UPLINK_WINDOW_MS); window * UPLINK_WINDOW_MS < endMs; window++) {
      const from = Math.max(startMs, window * UPLINK_WINDOW_MS);
      const to = Math.min(endMs, (window + 1) * UPLINK_WINDOW_MS);
      this.#upBytesByWindow.set(window, (this.#upBytesByWindow.get(window) ?? 0) + rate * (to - from));
    }
  }
}
