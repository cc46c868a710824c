/**
 * Base class of every error rt-guard raises on purpose. `code` is stable and survives
 * crossing realms (worker threads, extension contexts), so guards check `code`, not `instanceof`.
 */
export class RtGuardError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True for any rt-guard error, also one serialized across a realm boundary. */
export function isRtGuardError(value: unknown): value is { name: string; code: string; message: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && (value as { code: string }).code.startsWith('E_')
  );
}
