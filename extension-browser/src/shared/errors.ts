/**
 * Errors crossing extension contexts travel as `{name, code, message}` (style guide §4), and
 * `logError` is the single place that writes to the console, always through `redactText`.
 */
import { redactText } from '@rt-guard/core';
import * as z from 'zod/mini';

export const SerializedErrorSchema = z.object({ name: z.string(), code: z.string(), message: z.string() });
export type SerializedError = z.infer<typeof SerializedErrorSchema>;

// JWT-shaped session tokens and bearer values must never be shown either.
const JWT = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
const BEARER = /Bearer\s+\S+/gi;

/** Hides keys, management tokens and bearer values in any text headed for a user or a console. */
export function scrub(text: string): string {
  return redactText(text).replace(BEARER, 'Bearer …').replace(JWT, 'eyJ…');
}

/** An error from this extension with a stable code. */
export class ExtensionError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ExtensionError';
    this.code = code;
  }
}

/** Any thrown value → a plain, redacted `{name, code, message}` safe to post to another context. */
export function serializeError(error: unknown): SerializedError {
  if (typeof error === 'object' && error !== null) {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    return {
      name: typeof name === 'string' ? name : 'Error',
      code: typeof code === 'string' ? code : 'E_UNEXPECTED',
      message: scrub(typeof message === 'string' ? message : Object.prototype.toString.call(error)),
    };
  }
  return { name: 'Error', code: 'E_UNEXPECTED', message: scrub(String(error)) };
}

/** The one console writer of the extension: context label + redacted error, never a key or token. */
export function logError(context: string, error: unknown): void {
  const { name, code, message } = serializeError(error);
  console.error(`[rt-guard] ${context}: ${name} ${code}: ${message}`);
}
