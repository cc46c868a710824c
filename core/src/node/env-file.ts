import { getEnvValue, setEnvValue } from '../rotate/env-text.ts';
import type { KeyTarget } from '../rotate/journal.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { readIfExists } from './read-if-exists.ts';

/**
 * A rotation target that is one variable in a `.env` file. Writes are atomic and keep every
 * other line and comment; a new file is created with mode 0600.
 */
export function createEnvFileTarget(path: string, variable: string): KeyTarget {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new TypeError(`Invalid variable name "${variable}": use letters, digits and _.`);
  return {
    description: { kind: 'env-file', path, variable },
    async read() {
      const text = await readIfExists(path);
      return text === undefined ? undefined : getEnvValue(text, variable);
    },
    async write(key) {
      const text = (await readIfExists(path)) ?? '';
      await writeFileAtomic(path, setEnvValue(text, variable, key));
    },
  };
}
