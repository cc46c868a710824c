import ignore from 'ignore';
import type { Config } from '../config/types.ts';
import { withoutNegatedClasses } from './gitignore-lines.ts';

/**
 * Compiles the config's `ignore` patterns (gitignore syntax) into a predicate that is true when a
 * path is IGNORED, the shape git sources take as `isIgnored`. Paths are relative to the repository
 * root with `/` separators; a trailing `/` marks a folder so folder-only patterns (`build/`) apply.
 *
 * @example createPathFilter({ ...config, ignore: ['dist/'] })('dist/app.js') // → true
 */
export function createPathFilter(config: Pick<Config, 'ignore'>): (relativePath: string) => boolean {
  if (config.ignore.length === 0) return () => false;
  // A negated class (`[!0-9]`) is misread by `ignore` as a plain set: defused, so a pattern never
  // ignores a file it does not name (that file would go unscanned).
  const matcher = ignore().add(withoutNegatedClasses(config.ignore));
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
    // `ignore` rejects paths outside the root; those are never ours to ignore.
    if (path === '' || path === '.' || path.startsWith('../') || path.startsWith('/')) return false;
    return matcher.ignores(path);
  };
}
