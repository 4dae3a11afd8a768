/**
 * Verifies segment bytes that came (even partly) from peers before they reach the player or are
 * shared onward. Checks run cheapest first and the first failure wins:
 * exact size (when known) → SHA-256 (when the integrity file lists the segment) → with
 * `requireIntegrity`, nothing else is accepted; otherwise the container, program and timing checks
 * against what the stream's trusted segments showed (`stream-profiles.ts`; learnt through `learn()`
 * from origin bytes) → the operator's `validateSegment` hook.
 * A misbehaving peer costs a retry; what the checks cannot see is listed in the README's security model.
 */
import { systemClock, type Clock } from '../deps.js';
import { P2PError, P2PErrorCode } from '../errors.js';
import type { ByteRange } from '../segment.js';
import { platform, type FetchLike } from '../util/platform.js';
import type { ContainerKind } from './containers/container-check.js';
import { IntegrityManifest } from './integrity-manifest.js';
import { sha256Hex } from './sha256-hex.js';
import { StreamProfiles } from './stream-profiles.js';

/** What the operator's hook sees. `bytes` is a view: do not keep or modify it. */
export interface SegmentValidationInfo {
  url: string;
  segmentId: string;
  streamId: string;
  byteRange?: ByteRange;
  bytes: Uint8Array;
}

/** The operator's own check: `true` accepts, `false` (or a throw) rejects. */
export type SegmentValidator = (info: SegmentValidationInfo) => boolean | Promise<boolean>;

export interface SegmentVerifierOptions {
  /**
   * Absolute URL of a PeerTube-format `segments-sha256.json` on the origin.
   * @default undefined (no hashes: size, container and hook checks only)
   */
  integrityUrl?: string;
  /**
   * Used for the integrity file only, never for segments.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /** @default undefined */
  validateSegment?: SegmentValidator;
  /**
   * Accept only bytes the integrity file vouches for (a SHA-256 entry); everything else is
   * rejected, so it comes over HTTP.
   * @default false
   */
  requireIntegrity?: boolean;
  /**
   * A `validateSegment` call that has not settled after this long rejects the segment, ms.
   * @default 5000
   */
  validateTimeoutMs?: number;
  /**
   * Timeout of one fetch of the integrity file, ms.
   * @default 10000
   */
  integrityTimeoutMs?: number;
  /**
   * Minimum time between two fetches of the integrity file (live refetches, retries), ms.
   * @default 2000
   */
  integrityRefetchIntervalMs?: number;
  /** Receives non-fatal problems (integrity file unreachable or malformed). */
  onWarning?: (error: P2PError) => void;
  /** Times the hook timeout and the integrity file's fetches (the core's clock). @default systemClock */
  clock?: Clock;
}

export interface VerifyInput extends Omit<SegmentValidationInfo, 'bytes'> {
  /** Exact size in bytes when the manifest says it. A `byteRange` also fixes the size. */
  expectedBytes?: number;
  /** Live streams refetch the integrity file when the segment is missing from it. */
  isLive?: boolean;
  /** Presentation start from the manifest, seconds: the first timestamp must match it. */
  startTime?: number;
  /** Seconds, from the manifest (0 for init segments). */
  duration?: number;
  bytes: Uint8Array | ArrayBuffer;
}

/** Trusted bytes (from the origin) of a segment, to learn what the stream's segments look like. */
export interface LearnInput {
  streamId: string;
  startTime?: number;
  duration?: number;
  bytes: Uint8Array;
}

/** The strongest check that vouched for the bytes; `unchecked` = nothing could judge them. */
export const VerifyMethod = { Sha256: 'sha256', Container: 'container', Custom: 'custom', Unchecked: 'unchecked' } as const;
export type VerifyMethod = (typeof VerifyMethod)[keyof typeof VerifyMethod];
/** The check that rejected the bytes. */
export const VerifyCheck = { Size: 'size', Sha256: 'sha256', Integrity: 'integrity', Container: 'container', Custom: 'custom' } as const;
export type VerifyCheck = (typeof VerifyCheck)[keyof typeof VerifyCheck];

export type VerifyResult =
  | { ok: true; method: VerifyMethod; /** Set when the container check ran. */ container?: ContainerKind }
  | { ok: false; check: VerifyCheck; reason: string };

export interface SegmentVerifier {
  /** Never rejects for bad bytes (the result says why); rejects for bad input or after destroy(). */
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** Learns from bytes the origin served (trusted): never call it with a peer's bytes. */
  learn(input: LearnInput): void;
  /** Aborts the integrity file fetch. Safe to call twice. */
  destroy(): void;
}

/** Creates a verifier. @throws P2PError `invalid-config` for an integrity URL without any fetch. */
export function createSegmentVerifier(options: SegmentVerifierOptions = {}): SegmentVerifier {
  const clock = options.clock ?? systemClock;
  const manifest = createManifest(options, clock);
  const validateTimeoutMs = options.validateTimeoutMs ?? 5000;
  const profiles = new StreamProfiles();
  const requireIntegrity = options.requireIntegrity === true;
  let destroyed = false;

  const verify = async (input: VerifyInput): Promise<VerifyResult> => {
    if (destroyed) throw new P2PError({ code: P2PErrorCode.Destroyed, message: 'Segment verifier was destroyed' });
    const bytes = toBytes(input.bytes);
    const sizeProblem = checkSize(input, bytes);
    if (sizeProblem) return { ok: false, check: VerifyCheck.Size, reason: sizeProblem };
    let passed = await checkContent({ input, bytes, manifest, profiles, requireIntegrity });
    if (!passed.ok) return passed;
    if (options.validateSegment) {
      const problem = await runHook({ hook: options.validateSegment, info: { ...input, bytes }, timeoutMs: validateTimeoutMs, clock });
      if (problem) return { ok: false, check: VerifyCheck.Custom, reason: problem };
      if (passed.method !== VerifyMethod.Sha256) passed = { ...passed, method: VerifyMethod.Custom };
    }
    return passed;
  };

  return {
    verify,
    learn: (input) => {
      if (!destroyed) profiles.learn(input, input.bytes);
    },
    destroy: () => {
      destroyed = true;
      manifest?.destroy();
    },
  };
}

/** SHA-256 when the integrity file lists the segment; otherwise the stream-profile checks, unless integrity is required. */
async function checkContent(options: { input: VerifyInput; bytes: Uint8Array; manifest: IntegrityManifest | undefined; profiles: StreamProfiles; requireIntegrity: boolean }): Promise<VerifyResult> {
  const { input, bytes, manifest, profiles, requireIntegrity } = options;
  const expectedHash = await manifest?.hashFor(input);
  if (expectedHash !== undefined) {
    const actualHash = await sha256Hex(bytes);
    if (actualHash !== expectedHash) return { ok: false, check: VerifyCheck.Sha256, reason: `SHA-256 ${actualHash} does not match ${expectedHash}` };
    // Hash-verified bytes are as good as the origin's: learn from them too.
    profiles.learn(input, bytes);
    return { ok: true, method: VerifyMethod.Sha256 };
  }
  if (requireIntegrity) {
    return { ok: false, check: VerifyCheck.Integrity, reason: manifest ? 'the integrity file has no entry for this segment (requireIntegrity)' : 'requireIntegrity is set but no integrityUrl is configured' };
  }
  const container = profiles.check(input, bytes);
  if (!container.ok) return { ok: false, check: VerifyCheck.Container, reason: container.reason };
  return { ok: true, method: container.checked ? VerifyMethod.Container : VerifyMethod.Unchecked, container: container.container };
}

function createManifest(options: SegmentVerifierOptions, clock: Clock): IntegrityManifest | undefined {
  if (options.integrityUrl === undefined) return undefined;
  const fetch = options.fetch ?? platform.fetch;
  if (!fetch) {
    throw new P2PError({ code: P2PErrorCode.InvalidConfig, message: 'integrityUrl needs a fetch implementation' });
  }
  const manifest = new IntegrityManifest({
    url: options.integrityUrl,
    fetch,
    timeoutMs: options.integrityTimeoutMs,
    minRefetchIntervalMs: options.integrityRefetchIntervalMs,
    clock,
    onWarning: options.onWarning,
  });
  manifest.preload();
  return manifest;
}

function toBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw invalidInput('bytes must be a Uint8Array or an ArrayBuffer');
}

/** @returns the reason the size is wrong, or undefined. Throws for an invalid expectation. */
function checkSize(input: VerifyInput, bytes: Uint8Array): string | undefined {
  const { byteRange, expectedBytes } = input;
  if (byteRange !== undefined) {
    const { start, end } = byteRange;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
      throw invalidInput(`byteRange {start: ${start}, end: ${end}} is not a valid range (end exclusive)`);
    }
    if (bytes.byteLength !== end - start) {
      return `got ${bytes.byteLength} bytes, byte range ${start}-${end - 1} has ${end - start}`;
    }
  }
  if (expectedBytes !== undefined) {
    if (!Number.isSafeInteger(expectedBytes) || expectedBytes < 0) {
      throw invalidInput(`expectedBytes ${expectedBytes} is not a byte count`);
    }
    if (bytes.byteLength !== expectedBytes) return `got ${bytes.byteLength} bytes, expected ${expectedBytes}`;
  }
  return undefined;
}

/** @returns the reason the hook rejected the segment, or undefined when it accepted. */
async function runHook(options: { hook: SegmentValidator; info: SegmentValidationInfo; timeoutMs: number; clock: Clock }): Promise<string | undefined> {
  const { hook, info, timeoutMs, clock } = options;
  let timer: unknown;
  const timeout = new Promise<string>((resolve) => {
    timer = clock.setTimeout(() => resolve(`validateSegment did not settle within ${timeoutMs} ms`), timeoutMs);
  });
  const verdict = (async () => {
    try {
      const accepted: unknown = await hook(info);
      if (accepted === true) return undefined;
      if (accepted === false) return 'validateSegment rejected the segment';
      return `validateSegment returned ${String(accepted)}, expected a boolean`;
    } catch (error) {
      return `validateSegment threw: ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  try {
    return await Promise.race([verdict, timeout]);
  } finally {
    clock.clearTimeout(timer);
  }
}

function invalidInput(message: string): P2PError {
  return new P2PError({ code: P2PErrorCode.InvalidConfig, message: `verify(): ${message}` });
}
