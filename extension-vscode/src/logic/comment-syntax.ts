import { ALLOW_MARKER } from '@rt-guard/core';

/** How a line comment is written in a language: `[open, close]`; close is '' for line comments. */
const LINE_COMMENTS: Record<string, readonly [string, string]> = {};
for (const id of [
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'go',
  'rust',
  'java',
  'kotlin',
  'csharp',
  'c',
  'cpp',
  'swift',
  'scala',
  'dart',
  'php',
  'jsonc',
  'json5',
  'groovy',
  'less',
  'scss',
]) {
  LINE_COMMENTS[id] = ['//', ''];
}
for (const id of [
  'python',
  'shellscript',
  'ruby',
  'perl',
  'r',
  'yaml',
  'toml',
  'dotenv',
  'properties',
  'makefile',
  'dockerfile',
  'powershell',
  'elixir',
  'coffeescript',
  'julia',
  'nix',
  'terraform',
  'hcl',
  'ignore',
  'plaintext',
]) {
  LINE_COMMENTS[id] = ['#', ''];
}
for (const id of ['sql', 'lua', 'haskell']) LINE_COMMENTS[id] = ['--', ''];
for (const id of ['html', 'xml', 'markdown', 'vue', 'svelte']) LINE_COMMENTS[id] = ['<!--', ' -->'];
LINE_COMMENTS['css'] = ['/*', ' */'];
LINE_COMMENTS['ini'] = [';', ''];
LINE_COMMENTS['bat'] = ['REM', ''];

/** True when `languageId` has comments at all (JSON has none: use the allowlist instead). */
export function canComment(languageId: string): boolean {
  return LINE_COMMENTS[languageId] !== undefined;
}

/**
 * The line to insert above a key to allow it (the engine honours `rt-guard:allow` on the key's line
 * or the line before), indented like the key's line. Undefined for languages without comments.
 */
export function allowCommentLine(languageId: string, keyLineText: string, reason?: string): string | undefined {
  const syntax = LINE_COMMENTS[languageId];
  if (!syntax) return undefined;
  const indent = /^\s*/.exec(keyLineText)![0];
  const why = reason ? ` ${reason.replace(/[\r\n]+/g, ' ')}` : '';
  return `${indent}${syntax[0]} ${ALLOW_MARKER}${why}${syntax[1]}`;
}
