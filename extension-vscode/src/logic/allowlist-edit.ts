/**
 * Host-free: adds an allowlist entry to the text of `.rt-guard.json` (see core/src/config/schema.ts).
 * Throws a readable error when the existing file is not a JSON object, instead of overwriting it.
 */
export function addAllowEntry(text: string | undefined, fingerprint: string, reason: string): string {
  let config: Record<string, unknown> = {};
  if (text !== undefined && text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new Error('.rt-guard.json is not valid JSON: fix it first, then allowlist the key again.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('.rt-guard.json must hold one JSON object: fix it first, then allowlist the key again.');
    }
    config = parsed as Record<string, unknown>;
  }
  const allow = Array.isArray(config['allow']) ? [...(config['allow'] as unknown[])] : [];
  const exists = allow.some((entry) => typeof entry === 'object' && entry !== null && (entry as { fingerprint?: unknown }).fingerprint === fingerprint);
  if (!exists) allow.push({ fingerprint, reason: reason.trim() });
  return `${JSON.stringify({ ...config, allow }, null, 2)}\n`;
}
