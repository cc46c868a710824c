// Store-upload zips, written with fflate (a small, well-kept zip library).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';

function listFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

// Fixed timestamp: the same sources give the same zip.
const MTIME = new Date('1980-01-01T00:00:00');

/** Zips every file under `dir` accepted by `include(relativePath)`; returns the archive bytes. */
export function zipDirectory(dir, include = () => true) {
  const files = {};
  for (const path of listFiles(dir)) {
    const name = relative(dir, path).split(sep).join('/');
    if (include(name)) files[name] = [readFileSync(path), { level: 9, mtime: MTIME }];
  }
  return Buffer.from(zipSync(files));
}
