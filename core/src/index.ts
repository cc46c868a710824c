/**
 * @rt-guard/core: the only public entry. Pure and isomorphic (Node, VS Code extension host,
 * MV3 service worker). Node-only adapters live in `@rt-guard/core/node`.
 */
export { RtGuardError, isRtGuardError } from './errors.ts';
export type { Attribution, Encoding, Finding, FindingWithSecret, Rule, Severity, Suppression } from './detect/types.ts';
export { SEVERITIES, severityRank } from './detect/types.ts';
export { runtypeRules, KEY_BODY } from './detect/rules/runtype.ts';
export { ALLOW_MARKER, MAX_MATCH_SPAN, createDetector, scanText, type Detector, type ScanTextOptions } from './detect/engine.ts';
export { createStreamScanner, type StreamScanner, type StreamScannerOptions } from './detect/stream.ts';
export { redactKey, redactText } from './detect/redact.ts';
export { fingerprintOf } from './detect/hash.ts';
export { placeholderReason, THRESHOLDS } from './detect/placeholder.ts';
export { shannonEntropy } from './detect/entropy.ts';
export { attribute, fileAttribution } from './detect/context.ts';
export { base64Needles, decodeBase64, encodeBase64 } from './detect/base64.ts';
export type { KeyRecordSummary, Verification, VerificationStatus } from './verify/types.ts';
