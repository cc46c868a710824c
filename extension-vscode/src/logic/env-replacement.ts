/**
 * Host-free: how each language reads an environment variable, and the text edit that replaces a
 * literal key (with its quotes, where the result is code) by that expression.
 */

const JS_LIKE = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'svelte', 'astro']);
/** Files a shell (or a shell-like loader) expands `${NAME}` in. */
const SHELL_LIKE = new Set(['shellscript', 'dotenv', 'makefile', 'dockerfile']);

const CODE_EXPRESSIONS: Record<string, (name: string) => string> = {
  python: (name) => `os.environ["${name}"]`,
  go: (name) => `os.Getenv("${name}")`,
  ruby: (name) => `ENV["${name}"]`,
  php: (name) => `getenv('${name}')`,
  rust: (name) => `std::env::var("${name}").unwrap()`,
  java: (name) => `System.getenv("${name}")`,
  kotlin: (name) => `System.getenv("${name}")`,
  csharp: (name) => `Environment.GetEnvironmentVariable("${name}")`,
  powershell: (name) => `$env:${name}`,
};

/** The expression that reads `name` from the environment in `languageId`; `${NAME}` when unknown. */
export function envExpression(languageId: string, name: string): string {
  if (JS_LIKE.has(languageId)) return `process.env.${name}`;
  return CODE_EXPRESSIONS[languageId]?.(name) ?? `\${${name}}`;
}

/** A replacement on one line: columns are 0-based UTF-16 offsets into `lineText`. */
export interface LineReplacement {
  start: number;
  end: number;
  text: string;
}

const QUOTES = new Set(['"', "'", '`']);

/**
 * Replaces the key at `[start, end)` of `lineText`. In code the surrounding quotes go too, since the
 * expression is not a string; in shell-like files `"…"` stays (it expands variables) and `'…'`
 * becomes `"…"` because single quotes would not expand. Elsewhere (YAML, JSON, prose) the quotes
 * stay around a `${NAME}` reference, which most config loaders expand.
 */
export function replaceKeyOnLine(languageId: string, lineText: string, start: number, end: number, name: string): LineReplacement {
  const open = lineText[start - 1];
  const isQuoted = open !== undefined && open === lineText[end] && QUOTES.has(open);
  const expression = envExpression(languageId, name);
  const isCode = JS_LIKE.has(languageId) || languageId in CODE_EXPRESSIONS;
  if (isCode) return isQuoted ? { start: start - 1, end: end + 1, text: expression } : { start, end, text: expression };
  if (SHELL_LIKE.has(languageId) && isQuoted && open === "'") {
    return { start: start - 1, end: end + 1, text: `"${expression}"` };
  }
  return { start, end, text: expression };
}

/**
 * The import a replacement needs, if the file lacks it: `import os` in Python, `"os"` in Go
 * (`os.Getenv` does not compile without it, and not every editor runs gopls' organize-imports).
 */
export function missingImport(languageId: string, text: string): { line: number; text: string } | undefined {
  if (languageId === 'python') return missingPythonImport(text);
  if (languageId === 'go') return missingGoImport(text);
  return undefined;
}

function missingPythonImport(text: string): { line: number; text: string } | undefined {
  if (/^\s*import\s+(?:[\w.]+\s*,\s*)*os\b/m.test(text) || /^\s*from\s+os\s+import\b/m.test(text)) return undefined;
  // Keep a shebang or coding line first.
  const lines = text.split('\n');
  let line = 0;
  while (line < lines.length && lines[line]!.startsWith('#')) line++;
  return { line, text: 'import os\n' };
}

function missingGoImport(text: string): { line: number; text: string } | undefined {
  // `import "os"`, or `"os"` on its own line inside an `import ( … )` block (no alias: os.Getenv needs the name os).
  if (/^\s*import\s+"os"/m.test(text) || /^\s*"os"\s*(?:\/\/.*)?$/m.test(text)) return undefined;
  const lines = text.split('\n');
  const block = lines.findIndex((l) => /^\s*import\s*\(/.test(l));
  if (block >= 0) return { line: block + 1, text: '\t"os"\n' };
  const single = lines.findIndex((l) => /^\s*import\s/.test(l));
  if (single >= 0) return { line: single, text: 'import "os"\n' };
  const pkg = lines.findIndex((l) => /^\s*package\s/.test(l));
  // After the package clause (a file without one does not compile anyway: put it first).
  return pkg >= 0 ? { line: pkg + 1, text: '\nimport "os"\n' } : { line: 0, text: 'import "os"\n' };
}
