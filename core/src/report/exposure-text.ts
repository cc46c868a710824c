import { exposureAdvice } from '../detect/exposure/advice.ts';
import type { Finding } from '../detect/types.ts';

/**
 * One sentence for every report: how exposed the key is, why, and what to do instead, e.g.
 * `shipped to browsers: NEXT_PUBLIC_RUNTYPE_API_KEY: Next.js inlines … browser; anyone can read it: …`.
 * Undefined for server-side and unknown exposure, and for client tokens (public by design).
 */
export function exposureLine(f: Finding): string | undefined {
  if (f.severity === 'info') return undefined;
  const advice = exposureAdvice(f.exposure);
  if (advice === undefined) return undefined;
  const why = f.exposureReason === undefined ? '' : `${f.exposureReason}; `;
  return `${f.exposure === 'client' ? 'shipped to browsers' : 'published'}: ${why}${advice}`;
}
