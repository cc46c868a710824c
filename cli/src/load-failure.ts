import { redactText } from '@rt-guard/core';

/**
 * What the entry points print when rt-guard's own code fails to load (a damaged install), redacted
 * like every output. A module of its own so that process-io.ts imports it only on that path.
 */
export function loadFailureMessage(error: unknown): string {
  return `rt-guard: ${redactText(error instanceof Error ? error.message : String(error))}\n`;
}
