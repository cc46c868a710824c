import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applyContainerExposure, type Finding } from '@rt-guard/core';

/** A manifest bigger than this is not a browser extension's: not read. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * Finds browser-extension folders (a `manifest.json` with `manifest_version`) among the ancestors
 * of scanned files, up to the scan root, and marks findings inside them client-exposed: extension
 * code ships to everyone who installs it. Each folder is checked once per scan.
 */
export function createExtensionExposure(cwd: string): (finding: Finding) => void {
  const root = resolve(cwd);
  const known = new Map<string, boolean>();
  const isExtensionRoot = (dir: string): boolean => {
    let answer = known.get(dir);
    if (answer === undefined) {
      answer = hasExtensionManifest(dir);
      known.set(dir, answer);
    }
    return answer;
  };
  return (finding) => {
    if (finding.exposure === 'client' || finding.file === '-' || finding.file.includes('!')) return;
    const path = resolve(root, finding.file);
    // Only folders inside the scan root: a manifest above it belongs to something else.
    for (let dir = dirname(path); dir.startsWith(root); dir = dirname(dir)) {
      if (isExtensionRoot(dir)) {
        const name =
          dir === root
            ? '.'
            : dir
                .slice(root.length + 1)
                .split('\\')
                .join('/');
        applyContainerExposure(finding, 'browser-extension', `${name}/`);
        return;
      }
      if (dir === root) return;
    }
  };
}

function hasExtensionManifest(dir: string): boolean {
  const file = join(dir, 'manifest.json');
  try {
    const info = statSync(file);
    if (!info.isFile() || info.size > MAX_MANIFEST_BYTES) return false;
    const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof manifest === 'object' && manifest !== null && typeof (manifest as { manifest_version?: unknown }).manifest_version === 'number';
  } catch {
    return false;
  }
}
