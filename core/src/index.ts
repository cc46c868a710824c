/**
 * @rt-guard/core: the only public entry. Pure and isomorphic (Node, VS Code extension host,
 * MV3 service worker). Node-only adapters live in `@rt-guard/core/node`.
 */
export { RtGuardError, isRtGuardError } from './errors.ts';
export type { Attribution, CredentialKind, Encoding, Finding, FindingWithSecret, Rule, Severity, Suppression } from './detect/types.ts';
export { SEVERITIES, severityRank } from './detect/types.ts';
export { runtypeRules, KEY_BODY, REDACT_BODY } from './detect/rules/runtype.ts';
export { builtinRules } from './detect/rules/index.ts';
export { apiKeyRules, isApiKeyRule, keyPattern, prefixPattern, ruleById, ruleName } from './detect/rule-facts.ts';
export { prefilterNeedles, prefilterNeedleSets, type NeedleSets } from './detect/prefilter-needles.ts';
export {
  EXPOSURES,
  PUBLIC_ENV_PREFIXES,
  applyContainerExposure,
  applyExposure,
  classifyExposure,
  exposureAdvice,
  exposureRules,
  isPubliclyExposed,
  publicPrefixOf,
  serverVariableName,
  type Exposure,
  type ExposureContainer,
  type ExposureInput,
  type ExposureRule,
  type ExposureVerdict,
} from './detect/exposure/index.ts';
export { ALLOW_MARKER, MAX_MATCH_SPAN, createDetector, scanText, type Detector, type ScanTextOptions } from './detect/engine.ts';
export { createStreamScanner, type StreamScanner, type StreamScannerOptions } from './detect/stream.ts';
export { redactKey, redactText } from './detect/redact.ts';
export { fingerprintOf } from './detect/hash.ts';
export { placeholderReason, THRESHOLDS } from './detect/placeholder.ts';
export { generateKeyBody } from './detect/fill-slots.ts';
export { shannonEntropy } from './detect/entropy.ts';
export { attribute, fileAttribution } from './detect/context.ts';
export { base64Needles, decodeBase64, encodeBase64 } from './detect/base64.ts';
export type { KeyRecordSummary, Verification, VerificationStatus } from './verify/types.ts';
export { toActionError, type ActionError, type NextStep } from './actions/types.ts';
export { CACHE_TTL, cacheTtlOf, type ActionContext, type VerificationCachePort } from './actions/ports.ts';
export { createMemoryVerificationCache, type MemoryVerificationCache } from './actions/memory-cache.ts';
export { inspectKey, keyIdentity, type InspectResult, type KeyIdentity } from './actions/inspect.ts';
export { revokeLeakedKey, type RevokeActionResult, type RevokeOptions, type RevokeStatus } from './actions/revoke.ts';
export {
  startKeyRotation,
  resumeKeyRotation,
  finishKeyRotation,
  rollbackKeyRotation,
  type RotationPorts,
  type RotationResult,
  type RotationStatus,
  type StartRotationInput,
} from './actions/rotate.ts';
export { auditAccount, listAccountKeys, type AuditResult, type KeyListResult } from './actions/audit.ts';
export { checkContract, type ContractCheck, type ContractCheckId, type ContractDoctorInput, type ContractReport } from './actions/doctor.ts';
export { createKeyVerifier, type KeyVerifier, type KeyVerifierOptions, type VerifierSession } from './actions/verify-many.ts';
export { assessUsageSinceLeak, readUsageSnapshot, type UsageQuestion, type UsageSnapshot } from './actions/usage-since-leak.ts';
export {
  createRuntypeClient,
  baseUrlFromEnv,
  type CreatedKey,
  type FetchLike,
  type ResponseLike,
  type RuntypeClient,
  type RuntypeClientOptions,
} from './api/client.ts';
export {
  ApiHttpError,
  ApiNetworkError,
  ApiRedirectError,
  ApiResponseShapeError,
  ApiResponseTooLargeError,
  ApiTimeoutError,
  API_ERROR_CODES,
  isApiError,
  isApiHttpError,
  scrubSecrets,
} from './api/errors.ts';
export {
  DEFAULT_BASE_URL,
  DEFAULT_PERMISSIONS,
  MAX_RESPONSE_BYTES,
  PATHS,
  adviceForStatus,
  environmentOfKey,
  environmentOfRecord,
  isRuntypeAuthChallenge,
  normalizeApiBaseUrl,
  probeStatusMeaning,
  visibleTailsOf,
} from './api/contract.ts';
export type { RetryOptions } from './api/retry.ts';
export type { ApiKey, AuthMe, CreatedKeyRecord, CreateKeyInput, KeyAnalytics, KeyList, KeyOptions, KeysAnalytics, UpdateKeyInput } from './api/schemas.ts';
export { usageSinceLeak, OWN_PROBE_SLACK_MS, type ProbeWindow, type UsageEvidence, type UsageSinceLeak } from './verify/usage-since-leak.ts';
export { verifyKey, type VerifyKeyOptions } from './verify/verify-key.ts';
export { findKeyRecord, matchKeyRecord, toKeyRecordSummary, type KeyRecordMatch } from './verify/match-key-record.ts';
export { CONFIG_FILE_NAME, DEFAULT_AGENT_CONFIG, DEFAULT_CONFIG } from './config/defaults.ts';
export { ConfigError } from './config/config-error.ts';
export { parseConfig } from './config/parse.ts';
export type { AgentConfig, AllowEntry, Config } from './config/types.ts';
export { createPathFilter } from './policy/path-filter.ts';
export { testPathItself, withoutNegatedClasses } from './policy/gitignore-lines.ts';
export { applyPolicy, type PolicyOptions, type PolicyResult } from './policy/apply-policy.ts';
export { isFailing } from './policy/is-failing.ts';
export { createBaseline, formatBaseline, parseBaseline, type Baseline } from './policy/baseline.ts';
export { formatReport } from './report/format-report.ts';
export { exposureLine } from './report/exposure-text.ts';
export { toTextReport, formatBytes } from './report/text.ts';
export { toJsonReport, JSON_REPORT_VERSION } from './report/json.ts';
export { toSarifReport, SARIF_FINGERPRINT_KEY } from './report/sarif.ts';
export { toGithubReport } from './report/github.ts';
export { escapeControl } from './report/escape-control.ts';
export { REPORT_FORMATS, secretOf, type ReportFormat, type ReportInput, type ReportStats } from './report/types.ts';
export { revokeAndConfirm, type RevokeAndConfirmOptions, type RevokeResult } from './rotate/revoke-and-confirm.ts';
export { planRotation, rotatedName, sameLengthExpiry, parseDuration, type PlanNote, type PlanRotationInput, type RotationPlan } from './rotate/plan.ts';
export { runRotation, resumeRotation, finishRotation, rollbackRotation, RotationError, type RotationDeps } from './rotate/run.ts';
export { isFinished, type JournalStore, type KeyTarget, type RotationJournal, type RotationState, type TargetDescription } from './rotate/journal.ts';
export { getEnvValue, setEnvValue } from './rotate/env-text.ts';
export { auditKeys, AUDIT_LIMITS, type AuditFinding, type AuditRuleId } from './audit/audit-keys.ts';
