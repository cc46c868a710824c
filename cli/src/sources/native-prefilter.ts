import { spawn } from 'node:child_process';
import { STABLE_CONFIG } from '../git/run-git.ts';

/**
 * RT_GUARD_PREFILTER when unset: `auto` (ripgrep when it is on PATH, else the walk reads every
 * file) or `off`. See collect-findings.ts parsePrefilter and the scan bench.
 */
export const DEFAULT_PREFILTER: 'auto' | 'off' = 'off';

/** Which native search picked the candidates. */
export type NativeTool = 'ripgrep' | 'git grep';

/** The files a native search found worth reading, under one scanned folder. */
export type NativeCandidates =
  | {
      ok: true;
      tool: NativeTool;
      /** Paths relative to the folder, `/`-separated, that may hold a key. */
      matches: Set<string>;
      /** Paths relative to the folder that hold a NUL byte anywhere (may be binary: Node checks). */
      withNul: Set<string>;
      /** Sizes of the files under the folder, from GNU find (saves a stat per file), if it ran. */
      sizes?: Map<string, number>;
    }
  | { ok: false; reason: string };

export interface NativePrefilterOptions {
  /** The folder to search (its real path): every file under it, ignore files not applied. */
  dir: string;
  /** The regular expression of nativeSearchPattern. */
  pattern: string;
  /** `RT_GUARD_PREFILTER`: `rg` or `auto` (ripgrep), `git` (git grep). */
  prefer?: 'auto' | 'rg' | 'git';
  /** PATH and the like; repository-controlled git settings are overridden regardless. */
  env: Record<string, string | undefined>;
  /** Give up (and fall back to the walk) after this long. Default 60 s. */
  timeoutMs?: number;
}

// Anything bigger than this is not a list of paths we asked for.
const MAX_OUTPUT = 256 * 1024 * 1024;
const MAX_SIZES_OUTPUT = 16 * 1024 * 1024;

/**
 * Runs the native search (ripgrep; git grep with `prefer: 'git'`) twice at once: files matching `pattern` (may hold a key) and files holding
 * a NUL byte (may be binary, which counts in the stats). Every other file needs no reading: it is
 * text without a candidate, and its size is all the report needs. Any failure (tool missing, exit
 * code other than 0/1, anything on stderr, a timeout, output that is not a list of relative paths)
 * gives `ok: false` with the reason, and the caller reads every file as before.
 *
 * Security: the search runs in a folder a stranger may have written. ripgrep runs with `--no-config`
 * and no ignore files; git runs with `GIT_DIR` pointing nowhere, so no repository's config (found in
 * the folder or above it, or in a bare repository committed into it) is read at all, plus
 * rt-guard's `-c` settings (`core.fsmonitor=false`) and `grep.fullName=false` pinned.
 */
export async function runNativePrefilter(options: NativePrefilterOptions): Promise<NativeCandidates> {
  // git grep -P costs more CPU than Node reading every file (scan bench, 2 cores: git grep alone
  // 1.2 s CPU, Node's floor 0.5 s), so `auto` means ripgrep; git only on request.
  const tool: NativeTool = options.prefer === 'git' ? 'git grep' : 'ripgrep';
  const [matches, withNul, sizes] = await Promise.all([search(tool, options.pattern, options), search(tool, '\\x00', options), fileSizes(options)]);
  if (!matches.ok) return { ok: false, reason: `${tool}: ${matches.reason}` };
  if (!withNul.ok) return { ok: false, reason: `${tool}: ${withNul.reason}` };
  return { ok: true, tool, matches: matches.paths, withNul: withNul.paths, ...(sizes ? { sizes } : {}) };
}

/**
 * Every file's size, from one `find` (GNU: `-printf`) beside the searches: a stat per file from
 * Node costs more than the whole find. Undefined when find is missing or not GNU (Node stats then).
 */
function fileSizes(options: NativePrefilterOptions): Promise<Map<string, number> | undefined> {
  const args = ['.', '(', '-name', '.git', '-o', '-name', 'node_modules', ')', '-prune', '-o', '-type', 'f', '-printf', '%s %P\\0'];
  return run({ file: 'find', args, env: definedOnly(options.env) }, options).then((result) => {
    // A map of every file costs memory: beyond a few hundred thousand files Node stats instead.
    if (!result.ok || result.output.length > MAX_SIZES_OUTPUT) return undefined;
    return parseSizes(result.output.toString('utf8'));
  });
}

/**
 * `<size> <path>\0` records (find -printf '%s %P\0') → path → size; undefined if anything else.
 * One pass of indexOf, one string per path: a split per record doubled the cost (20,000 files).
 */
export function parseSizes(text: string): Map<string, number> | undefined {
  const sizes = new Map<string, number>();
  if (text === '') return sizes;
  if (!text.endsWith('\0')) return undefined;
  for (let at = 0; at < text.length;) {
    let size = 0;
    let digit = at;
    for (let code = text.charCodeAt(digit); code >= 48 && code <= 57; code = text.charCodeAt(++digit)) size = size * 10 + (code - 48);
    const end = text.indexOf('\0', digit);
    if (digit === at || text.charCodeAt(digit) !== 32 || end === digit + 1 || !Number.isSafeInteger(size)) return undefined;
    sizes.set(text.slice(digit + 1, end), size);
    at = end + 1;
  }
  return sizes;
}

type SearchResult = { ok: true; paths: Set<string> } | { ok: false; reason: string };

function commandOf(tool: NativeTool, pattern: string, env: Record<string, string | undefined>): { file: string; args: string[]; env: Record<string, string> } {
  const base = definedOnly(env);
  if (tool === 'ripgrep') {
    // -uu: no ignore files, hidden files too (the walk applies rt-guard's own rules to the result).
    // -a -E none: raw bytes, no binary skipping, no BOM transcoding. --max-filesize: Node streams
    // big files itself (scan-file.ts CHUNK_SIZE), whatever the search says.
    return {
      file: 'rg',
      args: [
        '--no-config',
        '-uu',
        '-a',
        '-E',
        'none',
        '-l',
        '-0',
        '--no-follow',
        '--max-filesize',
        `${8 * 1024 * 1024 - 1}`,
        '-g',
        '!.git',
        '-g',
        '!node_modules',
        '-e',
        pattern,
        '--',
        '.',
      ],
      env: base,
    };
  }
  return {
    file: 'git',
    args: [...STABLE_CONFIG, '-c', 'grep.fullName=false', '-c', 'grep.patternType=perl', 'grep', '--no-index', '-a', '-l', '-z', '-P', '-e', pattern],
    // No repository: GIT_DIR names nothing, so git reads no repository config.
    env: { ...base, GIT_DIR: '/nonexistent/rt-guard-no-repository', GIT_PAGER: 'cat', LC_ALL: 'C' },
  };
}

async function search(tool: NativeTool, pattern: string, options: NativePrefilterOptions): Promise<SearchResult> {
  const result = await run(commandOf(tool, pattern, options.env), options);
  if (!result.ok) return result;
  const paths = parsePaths(result.output);
  return paths ? { ok: true, paths } : { ok: false, reason: 'unexpected output' };
}

type RunResult = { ok: true; output: Buffer } | { ok: false; reason: string };

/** Runs a command to its end in the folder; anything but a clean exit 0/1 with an empty stderr fails. */
function run(command: { file: string; args: string[]; env: Record<string, string> }, options: NativePrefilterOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!result.ok) child.kill();
      resolve(result);
    };
    const child = spawn(command.file, command.args, { cwd: options.dir, env: command.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${(options.timeoutMs ?? 60_000) / 1000} s` }), options.timeoutMs ?? 60_000);
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT) finish({ ok: false, reason: 'unexpectedly large output' });
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 2000) err += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: error.code === 'ENOENT' ? 'not found on PATH' : `could not start (${error.code ?? error.message})` }),
    );
    child.on('close', (code, signal) => {
      if (signal) return finish({ ok: false, reason: `stopped by ${signal}` });
      // 0: matches, 1: none. Anything on stderr (an unreadable file, a warning) means the list may
      // be incomplete: the walk's own read reports it as before.
      if (code !== 0 && code !== 1) return finish({ ok: false, reason: `exit code ${code}${err ? `: ${firstLine(err)}` : ''}` });
      if (err.trim() !== '') return finish({ ok: false, reason: `it reported: ${firstLine(err)}` });
      finish({ ok: true, output: Buffer.concat(out) });
    });
  });
}

/** NUL-separated relative paths (`./` prefix dropped); undefined if anything else comes back. */
export function parsePaths(output: Buffer): Set<string> | undefined {
  const paths = new Set<string>();
  if (output.length === 0) return paths;
  if (output[output.length - 1] !== 0) return undefined;
  // Names are decoded as the walk decodes them (invalid UTF-8 becomes U+FFFD; such files are always read).
  for (const raw of output
    .subarray(0, output.length - 1)
    .toString('utf8')
    .split('\0')) {
    const path = raw.startsWith('./') ? raw.slice(2) : raw;
    if (path === '' || path.startsWith('/') || path.split('/').includes('..')) return undefined;
    paths.add(path);
  }
  return paths;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.slice(0, 200);
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
