import type { Exposure } from './types.ts';

/**
 * What to do about a key with this exposure, one sentence for every surface (text, SARIF, GitHub
 * annotations, editors, the browser popup); undefined when the exposure asks for nothing special.
 */
export function exposureAdvice(exposure: Exposure | undefined): string | undefined {
  switch (exposure) {
    case 'client':
      return "anyone can read it: rotate it now, then use a client token (ct_…) restricted to your site's origins, or call Runtype from a server-side proxy that keeps the key";
    case 'published':
      return 'rotate it now, then publish a new version without it (exclude it with `files`, .npmignore or .dockerignore)';
    case 'server':
    case 'unknown':
    case undefined:
      return undefined;
    default:
      return exposure satisfies never;
  }
}
