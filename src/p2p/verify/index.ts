/** Segment integrity verification: the facade and its types. */
export {
  createSegmentVerifier,
  type SegmentVerifier,
  type SegmentVerifierOptions,
  type SegmentValidator,
  type SegmentValidationInfo,
  type VerifyInput,
  type VerifyMethod,
  type VerifyCheck,
  type VerifyResult,
} from './segment-verifier.js';
export { checkContainer, ContainerKind, type ContainerCheckResult } from './container-check.js';
export { IntegrityManifest, type IntegrityManifestOptions, type FetchLike, type HashQuery } from './integrity-manifest.js';
export { parseIntegrityFile, segmentFileName, rangeKey, type IntegrityFile } from './integrity-file.js';
export { createCoreVerifyHook, type CoreVerifyHookOptions, type CoreVerifyRequest } from './core-verify-hook.js';
