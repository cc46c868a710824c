import { execFile } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { applyContainerExposure, redactText } from '@rt-guard/core';
import { CliError } from '../io.ts';
import { scanPaths, type ScanPathsOptions } from './files.ts';
import type { SourceResult } from './types.ts';

/** What `npm pack --dry-run --json` says it would publish. */
export interface NpmPackList {
  /** `name@version`. */
  id: string;
  /** Paths relative to the package folder, `/` separators. */
  files: string[];
}

const TIMEOUT_MS = 120_000;

/**
 * Asks npm which files `npm publish` would put in the package (honouring `files`, `.npmignore`,
 * and npm's own always/never lists), without running the package's scripts (`--ignore-scripts`:
 * a prepack script must not run, and must not run `rt-guard scan --npm-pack` again).
 */
export function listNpmPack(dir: string, env: Record<string, string | undefined>): Promise<NpmPackList> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts'],
      {
        cwd: dir,
        env: { ...env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' },
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as { code?: unknown }).code;
          if (code === 'ENOENT') reject(new CliError('npm was not found on PATH: --npm-pack asks npm which files it would publish', 'E_NPM_PACK'));
          else reject(new CliError(redactText(`npm pack --dry-run failed in ${dir}: ${firstLine(stderr) || error.message}`), 'E_NPM_PACK'));
          return;
        }
        try {
          resolvePromise(parsePackList(stdout));
        } catch (parseError) {
          reject(new CliError(`npm pack --dry-run --json gave an answer rt-guard cannot read (${(parseError as Error).message})`, 'E_NPM_PACK'));
        }
      },
    );
  });
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !/^npm (warn|notice)/i.test(l)) ?? ''
  );
}

/** Parses and checks npm's JSON: one package with a list of relative file paths. */
export function parsePackList(stdout: string): NpmPackList {
  // npm may print lines before the JSON (a lifecycle banner); the JSON starts at the first `[`.
  const start = stdout.indexOf('[');
  const parsed: unknown = JSON.parse(start === -1 ? stdout : stdout.slice(start));
  const first = Array.isArray(parsed) ? (parsed[0] as unknown) : undefined;
  if (typeof first !== 'object' || first === null) throw new Error('no package in the answer');
  const { id, files } = first as { id?: unknown; files?: unknown };
  if (!Array.isArray(files)) throw new Error('no file list');
  const paths = files.map((f) => (typeof f === 'object' && f !== null ? (f as { path?: unknown }).path : undefined));
  if (!paths.every((p): p is string => typeof p === 'string' && p !== '')) throw new Error('a file without a path');
  return { id: typeof id === 'string' ? id : 'the package', files: paths };
}

/**
 * `rt-guard scan --npm-pack [dir]`: scans exactly the files npm would publish from `dir`. Every
 * finding is `published` (or `client`, when the file also ships to browsers), so critical.
 */
export async function scanNpmPack(
  dir: string,
  options: Omit<ScanPathsOptions, 'cwd'> & { cwd: string; env: Record<string, string | undefined> },
): Promise<SourceResult> {
  const root = resolve(options.cwd, dir);
  const list = await listNpmPack(root, options.env);
  const paths: string[] = [];
  for (const file of list.files) {
    const absolute = resolve(root, file);
    // npm's answer is input too: nothing outside the package folder is read.
    if (absolute !== root && !absolute.startsWith(root + sep)) throw new CliError(`npm pack listed a file outside ${dir}: ${redactText(file)}`, 'E_NPM_PACK');
    paths.push(relative(options.cwd, absolute) || '.');
  }
  if (paths.length === 0) return { findings: [], stats: { files: 0, bytes: 0, skipped: 0 }, warnings: [] };
  const { env: _env, ...scanOptions } = options;
  const result = await scanPaths(paths, scanOptions);
  for (const finding of result.findings) applyContainerExposure(finding, 'archive', `the npm package ${list.id}`);
  return result;
}
