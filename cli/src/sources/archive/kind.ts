/** Container formats rt-guard looks inside. */
export type ArchiveKind = 'gzip' | 'tar' | 'zip' | 'crx';

// npm pack (.tgz), docker save (.tar), zips under other names: VS Code (.vsix), Firefox (.xpi),
// Java (.jar/.war/.ear/.aar), Python wheels and eggs, NuGet, Android.
const ARCHIVE_NAME = /\.(?:tgz|tar|gz|zip|vsix|xpi|crx|jar|war|ear|aar|whl|egg|nupkg|apk)$/i;

/** Whether a file is scanned as an artifact (archive or source map) instead of as text, by its name. */
export function isArtifactName(path: string): boolean {
  return ARCHIVE_NAME.test(path) || isSourceMapName(path);
}

export function isSourceMapName(path: string): boolean {
  return /\.map$/i.test(path);
}

/** Browser-extension packages: what they hold ships to every user's browser. */
export function isBrowserExtensionPackage(path: string): boolean {
  return /\.(?:crx|xpi)$/i.test(path);
}

/**
 * The container format of some bytes, from their first 512 (magic numbers, not names: docker's
 * OCI layout stores layers as `blobs/sha256/<digest>` without an extension).
 */
export function sniffArchive(head: Uint8Array): ArchiveKind | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06))
    return 'zip';
  if (head.length >= 4 && head[0] === 0x43 && head[1] === 0x72 && head[2] === 0x32 && head[3] === 0x34) return 'crx'; // "Cr24"
  // POSIX ustar and GNU tar: "ustar" at offset 257.
  if (head.length >= 262 && String.fromCharCode(...head.subarray(257, 262)) === 'ustar') return 'tar';
  return undefined;
}

/**
 * Where the zip inside a CRX starts: "Cr24", version, then (v3) a header length and the header,
 * or (v2) key and signature lengths. Undefined if the header does not fit.
 */
export function crxZipOffset(bytes: Uint8Array): number | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  const offset = version === 2 ? (bytes.length < 16 ? Infinity : 16 + view.getUint32(8, true) + view.getUint32(12, true)) : 12 + view.getUint32(8, true);
  return offset <= bytes.length ? offset : undefined;
}
