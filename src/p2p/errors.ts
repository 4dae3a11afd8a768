/** Every code the core reports. Kebab-case, stable: documented in docs/. */
export const P2PErrorCode = {
  /** HTTP request for a segment failed (status, network, CORS). */
  HttpError: 'http-error',
  /** HTTP request timed out. */
  HttpTimeout: 'http-timeout',
  /** A configuration value is invalid. */
  InvalidConfig: 'invalid-config',
  /** A `loadSegment`/`setStreamSegments` argument is malformed (missing ids, bad byte range, …). */
  InvalidRequest: 'invalid-request',
  /** A tracker could not be reached (degrades P2P only). */
  TrackerUnreachable: 'tracker-unreachable',
  /** A peer broke the protocol. */
  ProtocolViolation: 'protocol-violation',
  /** A segment failed verification. */
  IntegrityFailure: 'integrity-failure',
  /** The integrity file could not be loaded or parsed. */
  IntegrityFileInvalid: 'integrity-file-invalid',
  /** Peer speaks an unsupported protocol version. */
  UnsupportedProtocolVersion: 'unsupported-protocol-version',
  /** The core was destroyed while a request was pending. */
  Destroyed: 'destroyed',
} as const;
export type P2PErrorCode = (typeof P2PErrorCode)[keyof typeof P2PErrorCode];

export interface P2PErrorOptions {
  code: P2PErrorCode;
  message: string;
  /** True when playback cannot continue (only HTTP failures with no peer fallback are). */
  fatal?: boolean;
  cause?: unknown;
  /** HTTP status where relevant. */
  status?: number;
}

export class P2PError extends Error {
  readonly code: P2PErrorCode;
  readonly fatal: boolean;
  readonly status: number | undefined;

  constructor({ code, message, fatal = false, cause, status }: P2PErrorOptions) {
    super(message, { cause });
    this.name = 'P2PError';
    this.code = code;
    this.fatal = fatal;
    this.status = status;
  }
}

/** An aborted load: never reported as an error, rethrown so callers can tell it apart. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
