/** A commit-time check bin.ts may answer on its quick path (see fast-staged.ts). */
export type QuickCheckKind = 'scan' | 'pre-commit' | 'pre-push';

/**
 * The commands bin.ts answers on its quick path: `scan --staged` exactly, and the installed hooks'
 * `hook run pre-commit|pre-push`. Undefined for everything else.
 */
export function quickCheckKind(argv: readonly string[]): QuickCheckKind | undefined {
  if (argv.length === 2 && argv[0] === 'scan' && argv[1] === '--staged') return 'scan';
  if (argv.length >= 3 && argv[0] === 'hook' && argv[1] === 'run' && (argv[2] === 'pre-commit' || argv[2] === 'pre-push')) return argv[2];
  return undefined;
}
