import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { applyContainerExposure, redactText, type Detector, type FindingWithSecret } from '@rt-guard/core';
import tarStream from 'tar-stream';
import { scanStream } from '../scan-stream.ts';
import { collect, counted, gunzip, peek, type ByteSource } from './byte-streams.ts';
import { crxZipOffset, isBrowserExtensionPackage, isSourceMapName, sniffArchive } from './kind.ts';
import { ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS, RATIO_GRACE_BYTES, type ArchiveLimits } from './limits.ts';
import { scanSourceMap } from './source-map.ts';
import { openZip, zipMembers } from './zip-entries.ts';

/** What scanning one archive or source map produced. */
export interface ArtifactScanResult {
  findings: FindingWithSecret[];
  /** Uncompressed bytes read. */
  bytes: number;
  /** Members read (files inside archives, all depths). */
  entries: number;
  /** One line each, redacted: limits hit, members skipped, unreadable archives. */
  warnings: string[];
}

/** Bytes looked at to tell an archive, a binary and text apart (as scanFile does for files). */
const SNIFF_BYTES = 8192;
const MAX_NAME = 300;

interface Context {
  detector: Detector;
  limits: ArchiveLimits;
  result: ArtifactScanResult;
}

/**
 * Scans an archive (`.tgz`, `.tar`, `.zip`, `.vsix`, `.xpi`, `.crx`, `.jar`, `.whl`, …; nested
 * archives and gzip layers too, such as `docker save` images with their layer tarballs) or a
 * source map. Members are streamed, never extracted to disk; findings are named
 * `outer.tgz!package/dist/app.js` with the member's line. Limits (limits.ts) turn bombs into
 * warnings. Never throws.
 */
export async function scanArtifact(
  path: string,
  relative: string,
  detector: Detector,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ArtifactScanResult> {
  const context: Context = { detector, limits, result: { findings: [], bytes: 0, entries: 0, warnings: [] } };
  let isArchive = false;
  try {
    const head = await readHead(path);
    const kind = sniffArchive(head);
    isArchive = kind !== undefined;
    if (kind === 'zip') await scanZip(await openZip(path), relative, 1, context);
    else {
      const stream = createReadStream(path);
      try {
        await scanBytes(stream as AsyncIterable<Buffer>, relative, 0, context);
      } finally {
        stream.destroy();
      }
    }
  } catch (error) {
    context.result.warnings.push(redactText(describe(relative, error)));
  }
  if (isArchive) {
    const container = isBrowserExtensionPackage(relative) ? 'browser-extension' : 'archive';
    for (const finding of context.result.findings) applyContainerExposure(finding, container, relative);
  }
  return context.result;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function describe(where: string, error: unknown): string {
  if (error instanceof ArchiveLimitError) return `${where}: ${error.message}; ${error.stopsArchive ? 'the rest of the archive was not scanned' : 'skipped'}`;
  const code = (error as { code?: unknown }).code;
  const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return `cannot read ${where} as an archive (${why}); skipped`;
}

/** Counts bytes against the archive's total and one member's limit. */
function limited(source: ByteSource, context: Context): ByteSource {
  let own = 0;
  const { limits, result } = context;
  return counted(source, (n) => {
    own += n;
    result.bytes += n;
    if (result.bytes > limits.maxTotalBytes) throw new ArchiveLimitError(`more than ${limits.maxTotalBytes} uncompressed bytes in one archive`, true);
    if (own > limits.maxEntryBytes) throw new ArchiveLimitError(`larger than ${limits.maxEntryBytes} bytes uncompressed`, false);
  });
}

/** One member (or the file itself): an archive to open, a source map, binary, or text. */
async function scanBytes(source: ByteSource, where: string, depth: number, context: Context): Promise<void> {
  const { head, all } = await peek(source, SNIFF_BYTES);
  const kind = sniffArchive(head);
  const { limits, detector, result } = context;
  if (kind !== undefined && depth >= limits.maxDepth) {
    result.warnings.push(redactText(`${where}: archives nested more than ${limits.maxDepth} deep; not opened`));
    return;
  }
  switch (kind) {
    case 'gzip':
      return scanBytes(gunzip(all, limits.maxRatio, where), where, depth + 1, context);
    case 'tar':
      return scanTar(all, where, depth + 1, context);
    case 'zip':
      return scanZip(await openZip(await collect(limited(all, context), limits.maxBufferBytes, where)), where, depth + 1, context);
    case 'crx': {
      const bytes = await collect(limited(all, context), limits.maxBufferBytes, where);
      const offset = crxZipOffset(bytes);
      if (offset === undefined) throw new Error('CRX header longer than the file');
      return scanZip(await openZip(bytes.subarray(offset)), where, depth + 1, context);
    }
    case undefined:
      break;
    default:
      return kind satisfies never;
  }
  if (isSourceMapName(where) && /^\s*\{/.test(head.subarray(0, 64).toString('latin1'))) {
    const text = (await collect(limited(all, context), limits.maxBufferBytes, where)).toString('utf8');
    result.findings.push(...scanSourceMap(text, where, detector));
    return;
  }
  if (head.indexOf(0) !== -1) return; // binary: nothing to read in it
  const scanned = await scanStream(limited(all, context), { file: where, detector });
  result.findings.push(...scanned.findings);
}

/** A member name as reports show it: relative, no control characters, no `!` (the separator), redacted. */
function memberName(raw: string): string {
  const segments = raw.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');
  // eslint-disable-next-line no-control-regex
  const safe = segments.join('/').replace(/[\u0000-\u001f\u007f!]/g, '_');
  return redactText(safe.slice(0, MAX_NAME) || '_');
}

function countEntry(context: Context): void {
  context.result.entries++;
  if (context.result.entries > context.limits.maxEntries) throw new ArchiveLimitError(`more than ${context.limits.maxEntries} files in one archive`, true);
}

/** Runs a member's scan; a limit that concerns only this member becomes a warning. */
async function member(where: string, context: Context, scan: () => Promise<void>): Promise<void> {
  try {
    await scan();
  } catch (error) {
    if (error instanceof ArchiveLimitError && error.stopsArchive) throw error;
    context.result.warnings.push(redactText(describe(where, error)));
  }
}

async function scanTar(source: ByteSource, where: string, depth: number, context: Context): Promise<void> {
  const extract = tarStream.extract();
  const input = Readable.from(source);
  input.on('error', (error) => extract.destroy(error));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      const { type, name } = entry.header;
      const iterator = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      if (type === 'file' || type === 'contiguous-file') {
        countEntry(context);
        const inner = `${where}!${memberName(name)}`;
        await member(inner, context, () => scanBytes(fromIterator(iterator), inner, depth, context));
      }
      // A tar is read in order: whatever the member's scan left unread is skipped now.
      for (let step = await iterator.next(); !step.done; step = await iterator.next());
    }
  } finally {
    input.destroy();
    extract.destroy();
  }
}

async function scanZip(zip: Awaited<ReturnType<typeof openZip>>, where: string, depth: number, context: Context): Promise<void> {
  const { limits } = context;
  for await (const entry of zipMembers(zip)) {
    if (entry.isDirectory) continue;
    countEntry(context);
    const inner = `${where}!${memberName(entry.name)}`;
    if (entry.isEncrypted) {
      context.result.warnings.push(redactText(`${inner}: encrypted; skipped`));
      continue;
    }
    if (entry.uncompressedSize > RATIO_GRACE_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
      context.result.warnings.push(redactText(`${inner}: decompresses more than ${limits.maxRatio}:1 (a zip bomb?); skipped`));
      continue;
    }
    await member(inner, context, async () => {
      const stream = await entry.open();
      try {
        await scanBytes(stream as AsyncIterable<Buffer>, inner, depth, context);
      } finally {
        stream.destroy();
      }
    });
  }
}

/** An iterator as an iterable that does not end the underlying stream when left early. */
async function* fromIterator(iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
}
