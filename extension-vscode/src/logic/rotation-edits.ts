import { ensureGitignored, freeDotenvName, setDotenvValue } from './dotenv-edit.ts';
import { missingImport, replaceKeyOnLine } from './env-replacement.ts';
import { gitignoreTextIgnores } from './gitignore-judge.ts';

/** A workspace file that holds the old key, as the editor sees it. */
export interface RotationFile {
  path: string;
  languageId: string;
  text: string;
}

/** What a rotation changes: new texts by path, `.env` and (when needed) `.gitignore`. */
export interface RotationEdits {
  /** The variable the files now read and `.env` holds. */
  name: string;
  files: Map<string, string>;
  env: string;
  /** Undefined when `.gitignore` already ignores `.env`. */
  gitignore: string | undefined;
}

/**
 * Host-free: where a rotation writes the new key. Never where the old one leaked (issue 10): each
 * file holding the old key gets an environment-variable read instead (as "Move to environment
 * variable" does, imports included), and the new key goes only to the folder's `.env`, which
 * `.gitignore` is made to ignore. `envText`/`gitignoreText` are undefined for missing files.
 */
export function planRotationEdits(input: {
  files: readonly RotationFile[];
  envText: string | undefined;
  gitignoreText: string | undefined;
  oldKey: string;
  newKey: string;
  envVarName: string;
}): RotationEdits {
  const name = freeDotenvName(input.envText, input.envVarName, input.oldKey);
  const files = new Map<string, string>();
  for (const file of input.files) {
    const next = replaceKeyWithEnvRead(file.text, file.languageId, input.oldKey, name);
    if (next !== file.text) files.set(file.path, next);
  }
  // Other variables in .env that held the old key get the new one too: .env is the ignored place for keys.
  const env = setDotenvValue(input.envText === undefined ? undefined : input.envText.split(input.oldKey).join(input.newKey), name, input.newKey);
  const isIgnored = input.gitignoreText !== undefined && gitignoreTextIgnores(input.gitignoreText, '.env');
  return { name, files, env, gitignore: ensureGitignored(input.gitignoreText, isIgnored) };
}

/** Every occurrence of `key` in `text` becomes the language's read of `name`, plus the import it needs. */
export function replaceKeyWithEnvRead(text: string, languageId: string, key: string, name: string): string {
  if (key === '' || !text.includes(key)) return text;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!;
    // From the last occurrence back, so earlier columns stay valid.
    for (let at = line.lastIndexOf(key); at >= 0; at = at === 0 ? -1 : line.lastIndexOf(key, at - 1)) {
      const replacement = replaceKeyOnLine(languageId, line, at, at + key.length, name);
      line = line.slice(0, replacement.start) + replacement.text + line.slice(replacement.end);
    }
    lines[index] = line;
  }
  const replaced = lines.join('\n');
  const needed = missingImport(languageId, replaced);
  if (!needed) return replaced;
  const all = replaced.split('\n');
  all.splice(needed.line, 0, ...needed.text.replace(/\n$/, '').split('\n'));
  return all.join('\n');
}
