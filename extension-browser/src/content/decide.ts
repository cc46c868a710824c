/**
 * Host-free decision for the paste guard: given text, the page's origin and the settings, which
 * keys are in it and whether to hold the paste, warn, or do nothing.
 */
import type { Detector, FindingWithSecret } from '@rt-guard/core';
import { toKeyKind, type KeyKind } from '../shared/key-kind.ts';
import { isAllowlisted, type GuardMode, type Settings } from '../shared/settings.ts';

/** A finding the guard acts on, with its kind. */
export type GuardFinding = FindingWithSecret & { readonly kind: Exclude<KeyKind, 'client'> };

export interface GuardDecision {
  action: GuardMode | 'none';
  findings: GuardFinding[];
}

const NONE: GuardDecision = { action: 'none', findings: [] };
const RANK: Record<GuardMode, number> = { off: 0, warn: 1, block: 2 };

/**
 * Client tokens (`ct_`) are public by design and never count. Text pasted on its own names no
 * vendor, so it is attributed to Runtype unless it mentions RunTools: this extension is installed
 * by Runtype users, and a bare `papi_`/`a2a_` key is exactly what they paste.
 */
export function decide(text: string, origin: string, settings: Settings, detector: Detector): GuardDecision {
  if (text.length === 0 || !detector.hasCandidate(text)) return NONE;
  if (isAllowlisted(origin, settings.allowlist)) return NONE;
  const findings: GuardFinding[] = [];
  let action: GuardMode = 'off';
  const seen = new Set<string>();
  for (const finding of detector.scan(text, { fileAttribution: 'runtype' })) {
    const kind = toKeyKind(finding.ruleId);
    if (kind === 'client' || seen.has(finding.fingerprint)) continue;
    const mode = settings.modes[kind];
    if (mode === 'off') continue;
    seen.add(finding.fingerprint);
    // Keep the non-enumerable `secret`: spread would drop it.
    findings.push(Object.defineProperty(finding, 'kind', { value: kind, enumerable: true }) as GuardFinding);
    if (RANK[mode] > RANK[action]) action = mode;
  }
  return findings.length === 0 ? NONE : { action, findings };
}
