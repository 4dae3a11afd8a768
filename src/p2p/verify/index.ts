/** Segment integrity verification: the facade and its types. */
export {
  createSegmentVerifier,
  type SegmentVerifier,
  type SegmentVerifierOptions,
  type SegmentValidator,
  type SegmentValidationInfo,
  type VerifyInput,
  VerifyMethod,
  VerifyCheck,
  type VerifyResult,
} from './segment-verifier.js';
export { createCoreVerifyHook, type CoreVerifyHookOptions, type CoreVerifyRequest } from './core-verify-hook.js';
export { checkContainer, ContainerKind, type ContainerCheckResult } from './containers/container-check.js';
export type { FetchLike } from '../util/platform.js';
