/**
 * Every message between the extension's contexts: one zod schema per message, grouped by
 * direction (`ContentToBackground`, `PopupToBackground`, `BackgroundToContent`), plus typed senders
 * that validate the reply. Receivers parse with the direction's union before dispatching.
 */
// zod/mini: the classic build adds ~750 KB to a content script injected into every frame.
import * as z from 'zod/mini';
import { builtinRules, keyPattern } from '@rt-guard/core';
import { browser } from '../platform/browser.ts';
import { ExtensionError, SerializedErrorSchema, type SerializedError } from './errors.ts';
import { KEY_KINDS } from './key-kind.ts';

const KeyKindSchema = z.enum(KEY_KINDS);
/** A whole key of a rule that is not public: only what the detector accepts, so a message cannot smuggle other text. */
const KeySchema = z.string().check(z.regex(keyPattern(builtinRules.filter((rule) => rule.kind !== 'public')), 'not a Runtype key'));
const TabId = z.number().check(z.int());
const shortText = (max: number) => z.string().check(z.maxLength(max));

/** One detection as every context may see it: redacted, no key. */
export const DetectionSchema = z.object({
  /** Unique within the frame that found it; with the frame id it names the key for reveal-key. */
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  ruleId: z.string(),
  kind: KeyKindSchema,
  redacted: shortText(200),
  fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  source: z.enum(['paste', 'drop', 'input', 'inline-script', 'script', 'dom-text']),
  /** Where on the page: `inline script #2`, a script URL, `textarea`. Redacted text only. */
  where: shortText(500),
  /** Page scans: `client`, the page ships the key to every visitor (docs/exposure.md). */
  exposure: z.optional(z.enum(['client', 'published', 'server', 'unknown'])),
});
export type Detection = z.infer<typeof DetectionSchema>;

/** A detection as the background stores it per tab: with the frame it came from. */
export const TabDetectionSchema = z.extend(DetectionSchema, {
  frameId: z.number().check(z.int(), z.nonnegative()),
  /** What the background's verification cache knows of the key (Inspect, Revoke, a rotation): replies only, never stored. */
  knownStatus: z.optional(z.enum(['live', 'invalid'])),
});
export type TabDetection = z.infer<typeof TabDetectionSchema>;

export const TabStateSchema = z.object({
  detections: z.array(TabDetectionSchema),
  /** ISO time of the last completed page scan. */
  scannedAt: z.optional(z.string()),
  pageScanCount: z.number().check(z.int(), z.nonnegative()),
});
export type TabState = z.infer<typeof TabStateSchema>;

export const KeyRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  environment: z.enum(['live', 'test']),
  lastUsedAt: z.optional(z.nullable(z.string())),
  expiresAt: z.optional(z.nullable(z.string())),
  isActive: z.optional(z.boolean()),
});

/** What Inspect shows: the API's verdict on a key, never the key itself. */
export const InspectResultSchema = z.object({
  redacted: z.string(),
  status: z.enum(['live', 'invalid', 'unknown']),
  reason: z.optional(z.string()),
  checkedAt: z.string(),
  record: z.optional(KeyRecordSchema),
  /** False when no management token is set: name, permissions and last use need one. */
  hasManagementToken: z.boolean(),
});
export type InspectResult = z.infer<typeof InspectResultSchema>;

/** Revoke outcome. `confirmed` means a re-verification after the revoke saw the key rejected. */
export const RevokeResultSchema = z.object({
  redacted: z.string(),
  revoked: z.boolean(),
  confirmed: z.boolean(),
  message: z.string(),
});
export type RevokeResult = z.infer<typeof RevokeResultSchema>;

const RotationMode = z.enum(['standard', 'emergency']);

/** What a rotation would do, shown before anything changes. No key, only its redacted form. */
export const RotationPlanViewSchema = z.object({
  redacted: z.string(),
  mode: RotationMode,
  /** The record the plan is for: the start must find the same one. */
  oldKeyId: z.string(),
  oldName: z.string(),
  newName: z.string(),
  steps: z.array(z.string()),
  /** Restrictions the old record did not show (core's PlanNotes). */
  notes: z.array(z.string()),
  graceDays: z.optional(z.number()),
});
export type RotationPlanView = z.infer<typeof RotationPlanViewSchema>;

/** The rotation as the rotation page shows it: journal (no key), whether a new key waits to be stored, next step. */
export const RotationViewSchema = z.object({
  /** How the last call ended (core's RotationStatus); absent for a plain state read. */
  outcome: z.optional(z.enum(['done', 'grace', 'rolled-back', 'cancelled', 'refused', 'stopped'])),
  journal: z.optional(
    z.object({
      id: z.string(),
      mode: RotationMode,
      state: z.string(),
      isFinished: z.boolean(),
      oldName: z.string(),
      oldRedacted: z.string(),
      newRedacted: z.optional(z.string()),
      graceUntil: z.optional(z.string()),
      startedAt: z.string(),
      updatedAt: z.string(),
      lastError: z.optional(z.string()),
    }),
  ),
  /** Present while rt-guard holds a new key the user has not stored yet (redacted; Reveal fetches it). */
  newKey: z.optional(z.object({ redacted: z.string() })),
  notes: z.array(z.string()),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
  /** core's nextStep in the browser's words. */
  nextStep: z.optional(z.string()),
  actions: z.array(z.enum(['finish', 'resume', 'rollback', 'rollback-with-old-key'])),
});
export type RotationView = z.infer<typeof RotationViewSchema>;

/** The key to rotate: a detection on a tab (fetched from its frame) or a key pasted on the rotation page. */
const KeySource = z.union([z.object({ tabId: TabId, frameId: TabId, findingId: z.string() }), z.object({ key: KeySchema })]);
export type KeySource = z.infer<typeof KeySource>;

/** Message types per direction, for routing before parsing. */
export const CONTENT_TO_BACKGROUND_TYPES = ['report-detections', 'inspect-key', 'revoke-key', 'allow-origin'] as const;
/** Only the extension's own pages may send these (rotation included: content scripts never can). */
export const POPUP_TO_BACKGROUND_TYPES = [
  'get-tab-state',
  'scan-tab',
  'inspect-finding',
  'revoke-finding',
  'rotation-plan',
  'rotation-start',
  'rotation-state',
  'rotation-resume',
  'rotation-finish',
  'rotation-rollback',
  'rotation-reveal-new-key',
  'rotation-key-stored',
] as const;

export const ContentToBackground = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('report-detections'),
    detections: z.array(DetectionSchema).check(z.maxLength(1000)),
    /** Page scans replace the frame's previous scan results; paste/drop/input add. */
    isPageScan: z.boolean(),
  }),
  z.object({ type: z.literal('inspect-key'), key: KeySchema }),
  z.object({ type: z.literal('revoke-key'), key: KeySchema }),
  z.object({ type: z.literal('allow-origin'), origin: z.url() }),
]);
export type ContentToBackground = z.infer<typeof ContentToBackground>;

export const PopupToBackground = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-tab-state'), tabId: TabId }),
  z.object({ type: z.literal('scan-tab'), tabId: TabId }),
  z.object({ type: z.literal('inspect-finding'), tabId: TabId, frameId: TabId, findingId: z.string() }),
  z.object({ type: z.literal('revoke-finding'), tabId: TabId, frameId: TabId, findingId: z.string() }),
  z.object({ type: z.literal('rotation-plan'), source: KeySource, mode: RotationMode }),
  z.object({ type: z.literal('rotation-start'), source: KeySource, mode: RotationMode, expectKeyId: z.string() }),
  z.object({ type: z.literal('rotation-state') }),
  z.object({ type: z.literal('rotation-resume') }),
  z.object({ type: z.literal('rotation-finish') }),
  z.object({ type: z.literal('rotation-rollback'), oldKey: z.optional(KeySchema) }),
  z.object({ type: z.literal('rotation-reveal-new-key') }),
  z.object({ type: z.literal('rotation-key-stored') }),
]);
export type PopupToBackground = z.infer<typeof PopupToBackground>;

export const BackgroundToContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scan-page') }),
  z.object({ type: z.literal('reveal-key'), findingId: z.string() }),
]);
export type BackgroundToContent = z.infer<typeof BackgroundToContent>;

/** What each request answers with (the `value` of a successful reply). */
export const ReplySchemas = {
  'report-detections': z.object({ count: z.number() }),
  'inspect-key': InspectResultSchema,
  'revoke-key': RevokeResultSchema,
  'allow-origin': z.object({ allowlist: z.array(z.string()) }),
  'get-tab-state': TabStateSchema,
  'scan-tab': TabStateSchema,
  'inspect-finding': InspectResultSchema,
  'revoke-finding': RevokeResultSchema,
  'rotation-plan': RotationPlanViewSchema,
  'rotation-start': RotationViewSchema,
  'rotation-state': RotationViewSchema,
  'rotation-resume': RotationViewSchema,
  'rotation-finish': RotationViewSchema,
  'rotation-rollback': RotationViewSchema,
  'rotation-reveal-new-key': z.object({ key: KeySchema }),
  'rotation-key-stored': RotationViewSchema,
  'scan-page': z.object({ detections: z.array(DetectionSchema) }),
  'reveal-key': z.object({ key: KeySchema }),
} as const;
type ReplyOf<T extends keyof typeof ReplySchemas> = z.infer<(typeof ReplySchemas)[T]>;
export type { ReplyOf };

/** Every reply is wrapped: `{ok: true, value}` or `{ok: false, error: {name, code, message}}`. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

const ErrorReplySchema = z.object({ ok: z.literal(false), error: SerializedErrorSchema });

/** Validates a reply envelope and its value; a failed reply is rethrown as an error with its code. */
export function parseReply<T extends keyof typeof ReplySchemas>(type: T, raw: unknown): ReplyOf<T> {
  const failed = ErrorReplySchema.safeParse(raw);
  if (failed.success) {
    throw Object.assign(new ExtensionError(failed.data.error.code, failed.data.error.message), { name: failed.data.error.name });
  }
  const envelope = z.object({ ok: z.literal(true), value: ReplySchemas[type] as z.ZodMiniType }).safeParse(raw);
  if (!envelope.success) throw new ExtensionError('E_MESSAGE_REPLY', `unexpected reply to ${type}`);
  return envelope.data.value as ReplyOf<T>;
}

/** Sends a content-script or popup request to the background and returns its validated value. */
export async function sendToBackground<M extends ContentToBackground | PopupToBackground>(message: M): Promise<ReplyOf<M['type']>> {
  return parseReply<M['type']>(message.type, await browser.runtime.sendMessage(message));
}

/** Sends a background request to one frame of a tab and returns its validated value. */
export async function sendToContent<M extends BackgroundToContent>(tabId: number, frameId: number, message: M): Promise<ReplyOf<M['type']>> {
  return parseReply<M['type']>(message.type, await browser.tabs.sendMessage(tabId, message, { frameId }));
}
